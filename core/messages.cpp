#include "core/messages.hpp"

#include <stdexcept>
#include <string>
#include <unordered_map>

namespace landpool {
namespace {

// Keys are dotted: kpi.* (key figures), unit.*, report.*, map.*, deal.*,
// form.*, loss.*, sheet.*, status.*, compare.*, area_scan.*, workbench.*.
// A plain array: std::array's deduction would nest one template level per entry.
constexpr Message kCatalogue[] = {
    // Key figures: groups and table headings.
    {"kpi.group.people", "People", "Mens"},
    {"kpi.group.planet", "Planet", "Milieu"},
    {"kpi.group.profit", "Profit", "Opbrengst"},
    {"kpi.head.measure", "Key figure", "Kengetal"},
    {"kpi.head.unit", "Unit", "Eenheid"},
    {"kpi.head.before", "Before", "Voor"},
    {"kpi.head.after", "After", "Na"},
    {"kpi.head.change", "Change", "Verschil"},
    // People.
    {"kpi.participating_farms", "Farms taking part", "Deelnemende bedrijven"},
    {"kpi.farms_better_off", "Farms better off", "Bedrijven die erop vooruitgaan"},
    {"kpi.smallest_gain", "Smallest gain of a farm", "Kleinste winst van een bedrijf"},
    {"kpi.demand_wanted", "Land farms ask for (at least)", "Grond die bedrijven vragen (minimaal)"},
    {"kpi.all_demand_met", "Of that, met", "Daarvan vervuld"},
    {"kpi.organic_demand_wanted", "Land organic farms ask for (at least)",
     "Grond die biologische bedrijven vragen (minimaal)"},
    {"kpi.demand_met", "Of that, met", "Daarvan vervuld"},
    {"kpi.government_land", "Government land given out", "Uitgegeven overheidsgrond"},
    {"kpi.government_to_priority", "Of that, to priority groups", "Daarvan aan voorrangsgroepen"},
    // Planet.
    {"kpi.kept_organic", "At-risk organic land kept organic",
     "Bedreigde biologische grond die biologisch blijft"},
    {"kpi.lost_organic", "Organic land lost", "Verloren biologische grond"},
    {"kpi.converting_gained", "Land brought into conversion", "Grond in omschakeling gebracht"},
    {"kpi.organic_area", "Organic and converting land", "Biologische en omschakelende grond"},
    {"kpi.organic_clusters", "Organic clusters", "Biologische clusters"},
    {"kpi.largest_cluster", "Largest organic cluster", "Grootste biologische cluster"},
    {"kpi.cluster_size", "Organic cluster size (area-weighted mean)",
     "Clustergrootte (gewogen gemiddelde)"},
    {"kpi.clustered_share", "Organic land in large clusters",
     "Biologische grond in grote clusters"},
    {"kpi.organic_in_zone", "Organic land in the cluster zone",
     "Biologische grond in de clusterzone"},
    {"kpi.drift_border", "Organic-conventional border", "Grens biologisch-gangbaar"},
    {"kpi.machinery", "Machinery travel of the farms taking part",
     "Machineritten van de deelnemers"},
    // Profit.
    {"kpi.blocks_per_farm", "Blocks per farm", "Kavels per bedrijf"},
    {"kpi.mean_block", "Mean block size", "Gemiddelde kavelgrootte"},
    {"kpi.mean_distance", "Mean farm-parcel distance (area-weighted)",
     "Gemiddelde afstand bedrijf-perceel (gewogen)"},
    {"kpi.travel", "Travel (area x distance)", "Transport (oppervlakte x afstand)"},
    {"kpi.travel_cost", "Cost of machinery travel", "Kosten van machineritten"},
    {"kpi.own_boundary", "Boundary with own land", "Grens met eigen grond"},
    {"kpi.distance_reduction", "Distance shortened (all farms)",
     "Afstand verkort (alle bedrijven)"},
    {"kpi.distance_reduction_possible", "Distance reduction possible",
     "Mogelijke afstandsverkorting"},
    {"kpi.distance_reduction_achieved", "Of what is possible, achieved",
     "Van het mogelijke bereikt"},
    {"kpi.farm_gains", "Gains of the farms (own measure)",
     "Winst van de bedrijven (eigen maatstaf)"},
    {"kpi.conversion_cost", "Conversion cost", "Omschakelingskosten"},
    {"kpi.settlements", "Settlements in capital (ownership)", "Verrekening in kapitaal (eigendom)"},
    {"kpi.settlements_per_year", "Settlements for use", "Verrekening voor gebruik"},
    {"kpi.transfer_tax", "Transfer tax", "Overdrachtsbelasting"},
    {"kpi.deals", "Deals (negotiation tables)", "Overeenkomsten (onderhandelingstafels)"},
    {"kpi.deal_costs", "Transaction costs of the deals", "Transactiekosten"},
    {"kpi.transferred", "Land changing user", "Grond die van gebruiker wisselt"},
    {"kpi.transfers", "Parcels changing user", "Percelen die van gebruiker wisselen"},
    // Units.
    {"unit.count", "number", "aantal"},
    {"unit.ha", "ha", "ha"},
    {"unit.eur", "EUR", "EUR"},
    {"unit.eur_year", "EUR a year", "EUR per jaar"},
    {"unit.km", "km", "km"},
    {"unit.km_year", "km a year", "km per jaar"},
    {"unit.m", "m", "m"},
    {"unit.ha_km", "ha x km", "ha x km"},
    {"unit.percent", "%", "%"},
    {"unit.per_farm", "per farm", "per bedrijf"},
    // Run status.
    {"status.optimal",
     "Proven optimal: no proposal under these rules is worth more than this one ({} EUR).",
     "Bewezen optimaal: geen voorstel binnen deze regels is meer waard dan dit ({} EUR)."},
    {"status.gap",
     "Not proven optimal ({}). This proposal is worth {} EUR; no proposal can be worth more "
     "than {} EUR, so it is within {:.1f} % of the best possible (the proven gap).",
     "Niet bewezen optimaal ({}). Dit voorstel is {} EUR waard; geen voorstel kan meer dan "
     "{} EUR waard zijn, dus het ligt binnen {:.1f} % van het best mogelijke (de bewezen "
     "marge)."},
    {"run_status.optimal", "optimal", "optimaal"},
    {"run_status.gap_limit", "stopped at the requested gap", "gestopt bij de gevraagde marge"},
    {"run_status.time_limit_with_solution", "time limit reached with a proposal",
     "tijdslimiet bereikt met een voorstel"},
    {"run_status.time_limit_without_solution", "time limit reached without a proposal",
     "tijdslimiet bereikt zonder voorstel"},
    {"run_status.infeasible", "no proposal possible", "geen voorstel mogelijk"},
    {"run_status.unbounded", "unbounded", "onbegrensd"},
    // The report.
    {"report.title", "landpool: proposal of run {} ({}, scenario {})",
     "landpool: voorstel van run {} ({}, scenario {})"},
    {"report.scope", "Scope: {}{}. {} deals, {} parcel transfers. Solved in {:.1f} s.",
     "Omvang: {}{}. {} overeenkomsten, {} perceelsoverdrachten. Berekend in {:.1f} s."},
    {"report.scope.whole_run", "the whole run", "de hele run"},
    {"report.scope.deal", "deal {}", "overeenkomst {}"},
    {"report.scope.party", "party {}", "partij {}"},
    {"report.pseudonyms", " (names replaced by pseudonyms)",
     " (namen vervangen door pseudoniemen)"},
    {"report.key_figures", "Key figures: People, Planet, Profit (region)",
     "Kerncijfers: mens, milieu, opbrengst (regio)"},
    {"report.charts", "Before and after at a glance", "Voor en na in een oogopslag"},
    {"report.chart.theme", "{}: before and after (each pair scaled to its larger value)",
     "{}: voor en na (elk paar geschaald op de grootste waarde)"},
    {"report.chart.gains", "Each farm's gain by its own measure",
     "Winst van elk bedrijf volgens de eigen maatstaf"},
    {"report.farms_map", "Land use by farm, before and after",
     "Grondgebruik per bedrijf, voor en na"},
    {"report.organic_map", "Organic land, before and after", "Biologische grond, voor en na"},
    {"report.deals_map", "Deals on the map", "Overeenkomsten op de kaart"},
    {"report.deals", "Deals", "Overeenkomsten"},
    {"report.participants", "Participants", "Deelnemers"},
    {"report.footer",
     "Made by landpool. Every proposal was checked by an independent verifier that "
     "recomputes each rule and number from the data.",
     "Gemaakt met landpool. Elk voorstel is gecontroleerd door een onafhankelijke controle "
     "die elke regel en elk getal opnieuw uit de gegevens berekent."},
    // Maps.
    {"map.before_farms", "Before: who farms each parcel", "Voor: wie elk perceel gebruikt"},
    {"map.after_farms", "After: who farms each parcel (moved parcels outlined)",
     "Na: wie elk perceel gebruikt (verplaatste percelen omlijnd)"},
    {"map.farm_colour", "one colour per farm (hover for the farm)",
     "een kleur per bedrijf (wijs aan voor het bedrijf)"},
    {"map.no_farm", "no farm in view", "geen bedrijf in beeld"},
    {"map.before_organic", "Before: organic status", "Voor: biologische status"},
    {"map.after_organic", "After: organic status", "Na: biologische status"},
    {"map.deals", "Each deal highlighted with its parties",
     "Elke overeenkomst gemarkeerd met haar partijen"},
    {"map.deal_colour", "moving parcel, one colour per deal (hover: parties)",
     "verplaatst perceel, een kleur per overeenkomst (wijs aan: partijen)"},
    {"map.stays", "stays", "blijft"},
    {"map.lost", "Lost organic parcels by reason", "Verloren biologische percelen per reden"},
    {"map.organic_after", "organic or converting after the proposal",
     "biologisch of omschakelend na het voorstel"},
    {"organic.organic", "organic", "biologisch"},
    {"organic.converting", "converting", "omschakelend"},
    {"organic.conventional", "conventional", "gangbaar"},
    // Deals and participants tables.
    {"deal.head.deal", "deal", "overeenkomst"},
    {"deal.head.form", "form", "vorm"},
    {"deal.head.parties", "parties", "partijen"},
    {"deal.head.pool_from", "pool land from", "poolgrond van"},
    {"deal.head.ha", "ha", "ha"},
    {"deal.head.benefit", "benefit EUR", "baat EUR"},
    {"deal.head.settlement", "settlement EUR", "verrekening EUR"},
    {"deal.head.settlement_year", "use settlement EUR a year", "verrekening gebruik EUR per jaar"},
    {"deal.head.tax", "transfer tax EUR", "overdrachtsbelasting EUR"},
    {"deal.head.effective", "effective", "ingangsdatum"},
    {"deal.head.why", "why", "waarom"},
    {"deal.why.keeps", "keeps {:.1f} ha organic", "houdt {:.1f} ha biologisch"},
    {"deal.why.converts", "brings {:.1f} ha into conversion", "brengt {:.1f} ha in omschakeling"},
    {"deal.why.travel_falls", ", travel falls by {:.1f} ha x km",
     ", transport daalt met {:.1f} ha x km"},
    {"deal.why.travel_rises", ", travel rises by {:.1f} ha x km",
     ", transport stijgt met {:.1f} ha x km"},
    {"deal.why.blocks", ", blocks {} -> {}", ", kavels {} -> {}"},
    {"deal.why.gains", ", gains {} EUR", ", wint {} EUR"},
    {"participant.head.farm", "farm", "bedrijf"},
    {"participant.head.ha_before", "ha before", "ha voor"},
    {"participant.head.ha_after", "ha after", "ha na"},
    {"participant.head.blocks_before", "blocks before", "kavels voor"},
    {"participant.head.blocks_after", "blocks after", "kavels na"},
    {"participant.head.travel_before", "travel before ha x km", "transport voor ha x km"},
    {"participant.head.travel_after", "travel after ha x km", "transport na ha x km"},
    {"participant.head.settlement", "settlement EUR (+ pays)", "verrekening EUR (+ betaalt)"},
    {"participant.head.settlement_year", "use settlement EUR a year (+ pays)",
     "verrekening gebruik EUR per jaar (+ betaalt)"},
    {"participant.head.gain", "gain EUR", "winst EUR"},
    // Legal forms.
    {"form.lease", "lease", "pacht"},
    {"form.lease_exchange", "exchange of use", "ruil in gebruik"},
    {"form.kavelruil", "kavelruil (exchange of ownership)", "kavelruil"},
    {"form.sale", "sale", "verkoop"},
    // Why organic land is lost.
    {"loss.title", "Why organic land is lost", "Waarom biologische grond verloren gaat"},
    {"loss.intro",
     "At-risk organic land (offered, its use ending) that the proposal does not keep "
     "organic, and for each parcel the reason that binds for that parcel alone, "
     "everything else as proposed.",
     "Bedreigde biologische grond (aangeboden, het gebruik loopt af) die het voorstel niet "
     "biologisch houdt, en per perceel de reden die voor dat perceel alleen de doorslag "
     "geeft, al het andere zoals voorgesteld."},
    {"loss.head.parcel", "parcel", "perceel"},
    {"loss.head.reason", "reason", "reden"},
    {"loss.head.parcels", "parcels", "percelen"},
    {"loss.head.why", "why", "waarom"},
    {"loss.all", "all", "totaal"},
    {"loss.no_farm_in_reach", "no farm in reach", "geen bedrijf binnen bereik"},
    {"loss.offer_fits_no_demand", "offer fits no demand", "aanbod past bij geen vraag"},
    {"loss.demand_met", "demand met", "vraag al vervuld"},
    {"loss.rule", "a rule", "een regel"},
    {"loss.costs_more", "costs more than it brings", "kost meer dan het oplevert"},
    {"loss.search_missed", "missed by the search", "door de zoektocht gemist"},
    {"loss.nearest", " (nearest {}, {:.1f} km)", " (dichtstbij {}, {:.1f} km)"},
    {"loss.why.nobody_asks", "No organic or converting farm asks for land.",
     "Geen biologisch of omschakelend bedrijf vraagt grond."},
    {"loss.why.no_farm_in_reach",
     "No organic or converting farm has it within its reach; the nearest, {}, is {:.1f} km "
     "away.",
     "Geen biologisch of omschakelend bedrijf heeft het binnen bereik; het dichtstbijzijnde, "
     "{}, ligt op {:.1f} km."},
    {"loss.why.offer_fits_no_demand",
     "The offer's terms (lease, exchange or sale) fit none of the demands of the organic "
     "farms within reach{}.",
     "De voorwaarden van het aanbod (pacht, ruil of verkoop) passen bij geen enkele vraag "
     "van de biologische bedrijven binnen bereik{}."},
    {"loss.why.demand_met",
     "The organic farms within reach already receive the area they asked for{}.",
     "De biologische bedrijven binnen bereik krijgen al de oppervlakte die ze vroegen{}."},
    {"loss.why.rule", "Rule {} stops the organic farms within reach{}.",
     "Regel {} houdt de biologische bedrijven binnen bereik tegen{}."},
    {"loss.why.costs_more",
     "Giving it to {} ({:.1f} km) costs {:.0f} EUR more than keeping it organic brings; it "
     "would stay organic with keep_organic_eur_per_ha at {:.0f} or more.",
     "Het aan {} ({:.1f} km) geven kost {:.0f} EUR meer dan biologisch houden oplevert; het "
     "blijft biologisch bij keep_organic_eur_per_ha van {:.0f} of meer."},
    {"loss.why.search_missed",
     "{} ({:.1f} km) could take it and the proposal would gain {:.0f} EUR: the search did "
     "not find it within its limits.",
     "{} ({:.1f} km) kan het overnemen en het voorstel zou {:.0f} EUR winnen: de zoektocht "
     "vond dit niet binnen haar grenzen."},
    // Quarters.
    {"quarter.title", "Quarters", "Kwartalen"},
    {"quarter.legend",
     "organic / converting (region, end of quarter) / land applied in the quarter",
     "biologisch / omschakelend (regio, einde kwartaal) / in het kwartaal uitgevoerde grond"},
    {"quarter.head",
     "quarter|runs|deals proposed|accepted|refused|held|applied ha|organic kept ha|into "
     "conversion ha|deals carried over|organic ha|converting ha|value EUR|proven gap",
     "kwartaal|runs|voorgestelde overeenkomsten|aanvaard|geweigerd|aangehouden|uitgevoerd "
     "ha|biologisch gehouden ha|in omschakeling ha|overeenkomsten overgenomen|biologisch "
     "ha|omschakelend ha|waarde EUR|bewezen marge"},
    // Workbook.
    {"sheet.summary", "Summary", "Samenvatting"},
    {"sheet.participants", "Participants", "Deelnemers"},
    {"sheet.deal", "Deal {}", "Overeenkomst {}"},
    {"sheet.lost", "Lost organic", "Verloren biologisch"},
    {"sheet.item", "item", "onderdeel"},
    {"sheet.value", "value", "waarde"},
    {"sheet.run", "run", "run"},
    {"sheet.quarter", "quarter", "kwartaal"},
    {"sheet.scenario", "scenario", "scenario"},
    {"sheet.scope", "scope", "omvang"},
    {"sheet.status", "status", "status"},
    {"sheet.objective", "value (EUR)", "waarde (EUR)"},
    {"sheet.bound", "proven bound (EUR)", "bewezen bovengrens (EUR)"},
    {"sheet.gap", "proven gap (%)", "bewezen marge (%)"},
    {"sheet.deals", "deals", "overeenkomsten"},
    {"sheet.transfers", "transfers", "overdrachten"},
    // The compare page.
    {"compare.title", "Scenarios compared", "Scenario's vergeleken"},
    {"compare.intro",
     "Every scenario ran on the same region state (input fingerprint {}) with the same "
     "seed. Differences are to the first scenario, {}. A run that is not proven optimal is "
     "within its proven gap of the best possible.",
     "Elk scenario is doorgerekend op dezelfde toestand van de regio (invoer {}) met "
     "dezelfde seed. Verschillen zijn ten opzichte van het eerste scenario, {}. Een run die "
     "niet bewezen optimaal is, ligt binnen zijn bewezen marge van het best mogelijke."},
    {"compare.head.runs", "scenario|file|run|status|value EUR|bound EUR|proven gap",
     "scenario|bestand|run|status|waarde EUR|bovengrens EUR|bewezen marge"},
    {"compare.key_figures", "Key figures side by side", "Kerncijfers naast elkaar"},
    {"compare.significance",
     "A difference marked * (bold) is larger than the two runs' proven gaps allow: it "
     "comes from the scenario. A grey difference is within what the gaps allow and may be "
     "solver noise (docs/scenarios.md, Significance).",
     "Een verschil met * (vet) is groter dan de bewezen marges van beide runs toelaten: "
     "het komt door het scenario. Een grijs verschil valt binnen de marges en kan ruis van "
     "de rekenmethode zijn (docs/scenarios.md, Significance)."},
    {"compare.head.group", "group", "groep"},
    {"compare.group.run", "run", "run"},
    {"compare.organic_maps", "Organic land after each scenario",
     "Biologische grond na elk scenario"},
    {"compare.deal_maps", "Deals of each scenario", "Overeenkomsten van elk scenario"},
    {"compare.gains", "Who gains and who loses between scenarios",
     "Wie wint en wie verliest tussen scenario's"},
    {"compare.gains.same", "Every farm's own gain is the same in all scenarios.",
     "De eigen winst van elk bedrijf is in alle scenario's gelijk."},
    {"compare.gains.intro",
     "Each farm's own gain (its measure of rule 5, EUR; 0 where it takes no part), and "
     "the change to the first scenario.",
     "De eigen winst van elk bedrijf (zijn maatstaf van regel 5, EUR; 0 waar het niet "
     "meedoet), en het verschil met het eerste scenario."},
    {"compare.gains.more", "gains {}", "wint {}"},
    {"compare.gains.less", "loses {}", "verliest {}"},
    {"compare.footer",
     "Made by landpool. Each run was checked by the independent verifier and can be "
     "exported like any run (landpool export --run ID).",
     "Gemaakt met landpool. Elke run is door de onafhankelijke controle gecontroleerd en "
     "kan als elke run worden geëxporteerd (landpool export --run ID)."},
    {"compare.value", "value of the proposal", "waarde van het voorstel"},
    {"kpi.before_suffix", "{} (before)", "{} (voor)"},
    {"kpi.after_suffix", "{} (after)", "{} (na)"},
    // Deal sheets, one per party.
    {"dsheet.title", "Deal sheet: {} ({})", "Overeenkomstblad: {} ({})"},
    {"dsheet.deal_line", "Deal {}: {}, from {}. Proposal of run {} ({}).",
     "Overeenkomst {}: {}, vanaf {}. Voorstel van run {} ({})."},
    {"dsheet.gives", "What you give", "Wat u afstaat"},
    {"dsheet.receives", "What you receive", "Wat u ontvangt"},
    {"dsheet.head.other", "to or from", "aan of van"},
    {"dsheet.head.years", "years", "jaren"},
    {"dsheet.pool_owner", "owner {}", "eigenaar {}"},
    {"dsheet.money", "Money", "Geld"},
    {"dsheet.gain", "Your gain, by your own measure", "Uw winst, volgens uw eigen maatstaf"},
    {"dsheet.area", "Area you use, ha", "Oppervlakte in gebruik, ha"},
    {"dsheet.others", "The other parties", "De andere partijen"},
    {"dsheet.your_parcels", "Your parcels in this deal", "Uw percelen in deze overeenkomst"},
    {"dsheet.price", "price {} EUR", "prijs {} EUR"},
    {"dsheet.rent", "rent {} EUR a year", "pacht {} EUR per jaar"},
    {"dsheet.rent_value", "use value {} EUR a year", "gebruikswaarde {} EUR per jaar"},
    // Each next step gets the date and the deal's transfer tax (a lease pays none).
    {"dsheet.next.lease", "Next step: sign the lease with the owner; it starts on {}.",
     "Volgende stap: de pachtovereenkomst met de eigenaar tekenen; de pacht gaat in op {}."},
    {"dsheet.next.lease_exchange",
     "Next step: sign the agreement on the exchange of use; it starts on {}.",
     "Volgende stap: de overeenkomst van ruil in gebruik tekenen; die gaat in op {}."},
    {"dsheet.next.kavelruil",
     "Next step: the kavelruil deed at the notary, effective {}; a kavelruil pays no "
     "transfer tax ({} EUR).",
     "Volgende stap: de akte van kavelruil bij de notaris, per {}; een kavelruil is vrij "
     "van overdrachtsbelasting ({} EUR)."},
    {"dsheet.next.sale",
     "Next step: the deed of sale at the notary, effective {}; transfer tax {} EUR.",
     "Volgende stap: de akte van levering bij de notaris, per {}; overdrachtsbelasting {} "
     "EUR."},
    {"dsheet.index", "Deal sheets of run {}", "Overeenkomstbladen van run {}"},
    {"sheet.key_figures", "Key figures (region)", "Kerncijfers (regio)"},
    {"participant.head.value_before", "value before EUR", "waarde voor EUR"},
    {"participant.head.value_after", "value after EUR", "waarde na EUR"},
    {"participant.head.parcels_before", "parcels before", "percelen voor"},
    {"participant.head.parcels_after", "parcels after", "percelen na"},
    {"transfer.head.parcel", "parcel", "perceel"},
    {"transfer.head.from", "from farm", "van bedrijf"},
    {"transfer.head.to", "to farm", "naar bedrijf"},
    {"transfer.head.owner_before", "owner before", "eigenaar voor"},
    {"transfer.head.owner_after", "owner after", "eigenaar na"},
    {"transfer.head.form", "form", "vorm"},
    {"transfer.head.area", "area ha", "oppervlakte ha"},
    {"transfer.head.value", "value EUR", "waarde EUR"},
    {"transfer.head.effective", "effective", "ingangsdatum"},
    {"transfer.head.settles", "settles", "verrekening"},
    {"transfer.head.use_value", "use value EUR a year", "gebruikswaarde EUR per jaar"},
    {"transfer.pool", "pool", "pool"},
    {"settles.capital", "in capital", "in kapitaal"},
    {"settles.yearly", "yearly", "jaarlijks"},
    {"settles.rent", "rent to the owner", "pacht aan de eigenaar"},
    {"loss.head.farm", "nearest farm", "dichtstbijzijnd bedrijf"},
    {"loss.head.distance", "distance km", "afstand km"},
    {"loss.head.rule", "rule", "regel"},
    {"loss.head.cost", "cost EUR", "kosten EUR"},
    {"loss.head.weight", "kept from keep_organic EUR/ha", "behouden vanaf keep_organic EUR/ha"},
    // landpool scan: where organic clusters could work.
    {"area_scan.title", "Where organic clusters could work: {} areas ({})",
     "Waar biologische clusters kansrijk zijn: {} gebieden ({})"},
    {"area_scan.intro",
     "Each area's criteria are measured from the region's data, scaled from 0 (lowest of "
     "the areas) to 1 (highest) and weighted; the score is the weighted sum divided by the "
     "sum of the weights' sizes. Areas with less than {} ha of farmland are listed, not "
     "ranked.",
     "Elk gebied wordt gemeten op de criteria uit de gegevens van de regio, geschaald van 0 "
     "(laagste van de gebieden) tot 1 (hoogste) en gewogen; de score is de gewogen som "
     "gedeeld door de som van de gewichten. Gebieden met minder dan {} ha landbouwgrond "
     "staan in de lijst maar krijgen geen rang."},
    {"area_scan.map", "Score by area", "Score per gebied"},
    {"area_scan.legend.high", "highest score", "hoogste score"},
    {"area_scan.legend.low", "lowest score", "laagste score"},
    {"area_scan.legend.unranked", "too little farmland", "te weinig landbouwgrond"},
    {"area_scan.head.rank", "Rank", "Rang"},
    {"area_scan.head.area", "Area", "Gebied"},
    {"area_scan.head.score", "Score", "Score"},
    {"area_scan.head.farmland", "Farmland ha", "Landbouwgrond ha"},
    {"area_scan.head.contributions", "Largest contributions", "Grootste bijdragen"},
    {"area_scan.head.weight", "Weight", "Gewicht"},
    {"area_scan.head.criterion", "Criterion", "Criterium"},
    {"area_scan.weights", "Weights", "Gewichten"},
    {"area_scan.criterion.organic_ha", "Organic and converting land",
     "Biologische en omschakelende grond"},
    {"area_scan.criterion.organic_share_pct", "Share of farmland organic",
     "Aandeel biologische grond"},
    {"area_scan.criterion.organic_farms", "Organic farms", "Biologische bedrijven"},
    {"area_scan.criterion.organic_in_clusters_pct", "Organic land in clusters",
     "Biologische grond in clusters"},
    {"area_scan.criterion.at_risk_organic_ha", "Organic land at risk",
     "Bedreigde biologische grond"},
    {"area_scan.criterion.offered_ha", "Land offered to the pool", "Grond aangeboden aan de pool"},
    {"area_scan.criterion.demands", "Farms asking for land", "Bedrijven die grond vragen"},
    {"area_scan.criterion.exchangers", "Farms willing to exchange", "Bedrijven die willen ruilen"},
    {"area_scan.criterion.farms_willing_to_convert", "Farms willing to convert",
     "Bedrijven die willen omschakelen"},
    {"area_scan.criterion.government_ha", "Government land", "Overheidsgrond"},
    {"area_scan.criterion.land_fund_ha", "Land of a land fund", "Grond van een grondfonds"},
    {"area_scan.criterion.blocks_per_farm", "Blocks per farm", "Kavelblokken per bedrijf"},
    {"area_scan.criterion.mean_distance_m", "Mean farm-parcel distance",
     "Gemiddelde afstand bedrijf-kavel"},
    {"area_scan.criterion.drift_border_km", "Organic-conventional border",
     "Grens biologisch-gangbaar"},
    {"area_scan.criterion.soil_diversity", "Soil diversity", "Verscheidenheid van bodems"},
    {"area_scan.criterion.land_use_diversity", "Land-use diversity",
     "Verscheidenheid van grondgebruik"},
    {"area_scan.criterion.urban_distance_km", "Distance to built-up areas",
     "Afstand tot bebouwing"},
    // The workbench (`landpool serve`): everything its pages show.
    {"workbench.title", "landpool workbench", "landpool werkbank"},
    {"workbench.tab.map", "Map", "Kaart"},
    {"workbench.tab.deals", "Deals", "Overeenkomsten"},
    {"workbench.tab.what_if", "What if", "Wat als"},
    {"workbench.tab.scenarios", "Scenarios", "Scenario's"},
    {"workbench.tab.farms", "Farms", "Bedrijven"},
    {"workbench.quarter", "Quarter {}", "Kwartaal {}"},
    {"workbench.run", "Run", "Run"},
    {"workbench.run.none", "no run yet: landpool solve", "nog geen run: landpool solve"},
    {"workbench.run.status", "value {} EUR, proven bound {} EUR, gap {}",
     "waarde {} EUR, bewezen grens {} EUR, gat {}"},
    {"workbench.colour", "Colour by", "Kleur naar"},
    {"workbench.colour.farm", "farm", "bedrijf"},
    {"workbench.colour.organic", "organic status", "biologische status"},
    {"workbench.colour.moves", "what moves", "wat verschuift"},
    {"workbench.when", "Show", "Toon"},
    {"workbench.when.before", "before", "voor"},
    {"workbench.when.after", "after", "na"},
    {"workbench.legend.moves", "moves in a deal", "verschuift in een overeenkomst"},
    {"workbench.legend.stays", "stays", "blijft"},
    {"workbench.legend.farm", "one colour per farm", "een kleur per bedrijf"},
    {"workbench.legend.no_user", "no user", "geen gebruiker"},
    {"workbench.legend.selected", "selected", "geselecteerd"},
    {"workbench.parcel", "Parcel {}", "Perceel {}"},
    {"workbench.parcel.area", "{:.2f} ha", "{:.2f} ha"},
    {"workbench.parcel.user", "used by {} -> {}", "gebruikt door {} -> {}"},
    {"workbench.parcel.lock", "Lock in the what-if", "Vastzetten in de wat-als"},
    {"workbench.deal", "Deal {}", "Overeenkomst {}"},
    {"workbench.deal.zoom", "Zoom to the deal", "Zoom naar de overeenkomst"},
    {"workbench.deal.parties", "Parties", "Partijen"},
    {"workbench.deal.transfers", "Transfers", "Overdrachten"},
    {"workbench.deal.gains", "Each party by its own measure", "Elke partij naar eigen maat"},
    {"workbench.deal.money", "Money", "Geld"},
    {"workbench.deal.decision", "Decision", "Besluit"},
    {"workbench.deal.decision.none", "open", "open"},
    {"workbench.deal.note", "Note", "Notitie"},
    {"workbench.decide.accept", "Accept", "Aanvaarden"},
    {"workbench.decide.reject", "Reject", "Afwijzen"},
    {"workbench.decide.hold", "Hold", "Aanhouden"},
    {"workbench.decide.release", "Release", "Vrijgeven"},
    {"workbench.decide.done", "Decision recorded: {}", "Besluit vastgelegd: {}"},
    {"workbench.head.parcel", "parcel", "perceel"},
    {"workbench.head.from", "from", "van"},
    {"workbench.head.to", "to", "naar"},
    {"workbench.head.farm", "farm", "bedrijf"},
    {"workbench.head.area_change", "area ha before -> after", "oppervlak ha voor -> na"},
    {"workbench.head.travel", "travel ha x km before -> after", "reisafstand ha x km voor -> na"},
    {"workbench.head.blocks", "blocks before -> after", "kavelblokken voor -> na"},
    {"workbench.head.gain", "gain EUR", "winst EUR"},
    {"workbench.head.decision", "decision", "besluit"},
    {"workbench.head.measure", "measure", "maat"},
    {"workbench.head.status", "organic status", "biologische status"},
    {"workbench.head.parcels", "parcels", "percelen"},
    {"workbench.head.demand", "demand", "vraag"},
    {"workbench.head.current", "current proposal", "huidig voorstel"},
    {"workbench.head.variant", "what-if", "wat-als"},
    {"workbench.farm.zoom", "Zoom to the farm", "Zoom naar het bedrijf"},
    {"workbench.farm.party_page", "Party page", "Partijpagina"},
    {"workbench.farm.demand", "wants {} to {} ha", "wil {} tot {} ha"},
    {"workbench.farm.no_demand", "takes no part", "doet niet mee"},
    {"workbench.what_if.intro",
     "Try a change and solve again from the current proposal. A what-if never changes the region "
     "until you apply it.",
     "Probeer een wijziging en los opnieuw op vanuit het huidige voorstel. Een wat-als verandert "
     "de regio pas als u hem toepast."},
    {"workbench.what_if.name", "Name", "Naam"},
    {"workbench.what_if.lock", "Parcels locked with their user (ids, comma-separated)",
     "Percelen vast bij hun gebruiker (ids, met komma's)"},
    {"workbench.what_if.out", "Farms taken out", "Bedrijven die niet meedoen"},
    {"workbench.what_if.demand", "Change a farm's demand", "Vraag van een bedrijf wijzigen"},
    {"workbench.what_if.wants_min", "wants at least ha", "wil minstens ha"},
    {"workbench.what_if.wants_max", "wants at most ha", "wil hoogstens ha"},
    {"workbench.what_if.distance", "max distance km", "max afstand km"},
    {"workbench.what_if.tolerance", "tolerance %", "tolerantie %"},
    {"workbench.what_if.rules", "Rules", "Regels"},
    {"workbench.what_if.rule_unchanged", "as in the scenario", "zoals in het scenario"},
    {"workbench.what_if.time_limit", "Time limit s", "Tijdslimiet s"},
    {"workbench.what_if.solve", "Solve the what-if", "Wat-als oplossen"},
    {"workbench.what_if.solving", "Solving…", "Bezig met oplossen…"},
    {"workbench.what_if.changes", "{} parcels go elsewhere than in the current proposal",
     "{} percelen gaan anders dan in het huidige voorstel"},
    {"workbench.what_if.show", "Show on the map", "Toon op de kaart"},
    {"workbench.what_if.apply", "Apply to the region", "Toepassen op de regio"},
    {"workbench.what_if.applied", "Applied: run {} is the region's proposal now",
     "Toegepast: run {} is nu het voorstel van de regio"},
    {"workbench.what_if.saved", "What-ifs so far", "Eerdere wat-alsen"},
    {"workbench.what_if.value", "value EUR", "waarde EUR"},
    {"workbench.what_if.bound", "proven bound EUR", "bewezen grens EUR"},
    {"workbench.what_if.gap", "proven gap", "bewezen gat"},
    {"workbench.what_if.status", "status", "status"},
    {"workbench.scenarios.intro",
     "Runs side by side as landpool compare shows them; * marks a difference larger than the runs' "
     "proven gaps allow.",
     "Runs naast elkaar zoals landpool compare ze toont; * markeert een verschil dat groter is dan "
     "de bewezen gaten van de runs toelaten."},
    {"workbench.scenarios.compare", "Compare", "Vergelijken"},
    {"workbench.party.title", "What {} may see", "Wat {} mag zien"},
    {"workbench.error", "Something went wrong: {}", "Er ging iets mis: {}"},
    {"workbench.language", "Nederlands", "English"},
};

const std::unordered_map<std::string_view, const Message*>& index() {
  static const auto built = [] {
    std::unordered_map<std::string_view, const Message*> map;
    for (const auto& message : kCatalogue)
      map.emplace(message.key, &message);
    return map;
  }();
  return built;
}

}  // namespace

std::optional<Language> parse_language(std::string_view code) {
  if (code == "en")
    return Language::en;
  if (code == "nl")
    return Language::nl;
  return std::nullopt;
}

std::string_view language_code(Language language) {
  return language == Language::nl ? "nl" : "en";
}

std::vector<std::string> text_cells(Language language, std::string_view key) {
  std::vector<std::string> cells(1);
  for (const char c : text(language, key)) {
    if (c == '|')
      cells.emplace_back();
    else
      cells.back() += c;
  }
  return cells;
}

std::span<const Message> message_catalogue() {
  return kCatalogue;
}

std::string_view text(Language language, std::string_view key) {
  const auto it = index().find(key);
  if (it == index().end())
    throw std::out_of_range("message catalogue: no entry " + std::string(key));
  return language == Language::nl ? it->second->nl : it->second->en;
}

}  // namespace landpool
