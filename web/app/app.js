// The landpool workbench (`landpool serve`): map, deals, what-ifs, scenarios
// and a party's page, over the JSON routes of server/workbench_api.hpp.
// Every text comes from the message catalogue (/api/messages); data is put
// into the page as text, never as HTML.
'use strict';

const state = {
  token: null,
  party: null, // a farm id on /party/ID
  owner: null, // a pool owner's id on /owner/ID
  language: null, // null: the server's --lang
  texts: {},
  region: null,
  runId: null, // the run on the map; null: the latest
  run: null,
  map: null,
  layer: null,
  features: null,
  legend: null,
  selectedParcel: null,
  tab: 'deals',
};

// ---------- small helpers ----------

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** The catalogue's text of `key` with its {} placeholders filled in. */
function t(key, ...values) {
  let text = state.texts[key] ?? key;
  let index = 0;
  return text.replace(/\{(:[^}]*)?\}/g, (match, spec) => {
    const value = values[index++];
    const fixed = spec && /^:\.(\d)f$/.exec(spec);
    if (fixed && typeof value === 'number') return value.toFixed(Number(fixed[1]));
    return value === undefined ? match : String(value);
  });
}

function euros(value) {
  return Math.round(value).toLocaleString(state.language === 'nl' ? 'nl-NL' : 'en-GB');
}

function percent(share) {
  return (100 * share).toFixed(2) + ' %';
}

function say(text, isError) {
  const box = document.getElementById('message');
  box.textContent = text || '';
  box.className = isError ? 'error' : '';
}

async function api(path, options = {}) {
  const url = new URL(path, location.origin);
  if (state.language) url.searchParams.set('lang', state.language);
  if (state.party) url.searchParams.set('party', state.party);
  if (state.owner) url.searchParams.set('owner', state.owner);
  const headers = { 'Content-Type': 'application/json' };
  if (state.token) headers['X-Landpool-Token'] = state.token; // else the cookie speaks
  const response = await fetch(url, {
    method: options.method || 'GET',
    headers,
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function farmName(id) {
  if (!id) return '-';
  const names = (state.run && state.run.farm_names) || (state.features && state.features.farm_names) || {};
  return names[id] ? `${names[id]} (${id})` : id;
}

// ---------- the map ----------

const organicColours = { organic: '#2e7d32', converting: '#9ccc65', conventional: '#c9b79c' };

function farmColour(id) {
  if (!id) return '#e0e0e0';
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${Math.round((hash * 137.508) % 360)}, 60%, ${45 + (hash % 3) * 10}%)`;
}

function parcelStyle(feature) {
  const p = feature.properties;
  const after = document.getElementById('when').value === 'after';
  const mode = document.getElementById('colour-mode').value;
  let fill = '#ccc';
  if (mode === 'farm') fill = farmColour(after ? p.user_after : p.user_before);
  if (mode === 'organic') fill = organicColours[after ? p.organic_after : p.organic_before] || '#ccc';
  if (mode === 'moves') fill = p.deal_id ? '#d84315' : '#eeeeee';
  const selected = state.selectedParcel === p.parcel_id;
  return {
    color: selected ? '#000' : p.deal_id ? '#b71c1c' : '#666',
    weight: selected ? 3 : p.deal_id ? 2 : 0.5,
    fillColor: fill,
    fillOpacity: 0.75,
  };
}

function updateLegend() {
  const mode = document.getElementById('colour-mode').value;
  const rows = [];
  if (mode === 'farm') rows.push([farmColour('F'), t('workbench.legend.farm')], ['#e0e0e0', t('workbench.legend.no_user')]);
  if (mode === 'organic')
    for (const [status, colour] of Object.entries(organicColours)) rows.push([colour, t('organic.' + status)]);
  if (mode === 'moves') rows.push(['#d84315', t('workbench.legend.moves')], ['#eeeeee', t('workbench.legend.stays')]);
  const box = state.legend.getContainer();
  box.replaceChildren(...rows.map(([colour, label]) =>
    el('div', {}, el('span', { class: 'swatch', style: `background:${colour}` }), ' ', label)));
}

function popupOf(p) {
  const box = el('div', { class: 'popup' },
    el('strong', {}, t('workbench.parcel', p.parcel_id)), el('br'),
    t('workbench.parcel.area', p.area_ha), el('br'),
    t('workbench.parcel.user', farmName(p.user_before), farmName(p.user_after)), el('br'),
    `${t('organic.' + p.organic_before)} -> ${t('organic.' + p.organic_after)}`);
  if (p.deal_id) {
    box.append(el('br'), el('a', { href: '#', onclick: (e) => { e.preventDefault(); showDeal(p.deal_id); } },
      t('workbench.deal', p.deal_id)));
  }
  if (!state.party && !state.owner) {
    box.append(el('br'), el('button', { type: 'button', class: 'lock', onclick: () => lockParcel(p.parcel_id) },
      t('workbench.parcel.lock')));
  }
  return box;
}

function toLatLng(coordinates) {
  return L.latLng(coordinates[1], coordinates[0]); // RD New: y north, x east
}

async function loadMap() {
  const query = state.runId ? `?run=${state.runId}` : '';
  state.features = await api('/api/map' + query);
  if (state.layer) state.layer.remove();
  state.layer = L.geoJSON(state.features, {
    coordsToLatLng: toLatLng,
    style: parcelStyle,
    pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 4 }),
    onEachFeature: (feature, layer) => {
      layer.on('click', () => {
        state.selectedParcel = feature.properties.parcel_id;
        restyle();
        layer.bindPopup(popupOf(feature.properties)).openPopup();
      });
    },
  }).addTo(state.map);
  const box = state.features.bbox;
  if (box) state.map.fitBounds([[box[1], box[0]], [box[3], box[2]]]);
  updateLegend();
  document.getElementById('map').dataset.ready = String(state.features.features.length);
}

function restyle() {
  if (state.layer) state.layer.setStyle(parcelStyle);
}

function zoomTo(predicate) {
  const bounds = L.latLngBounds([]);
  state.layer.eachLayer((layer) => {
    if (!predicate(layer.feature.properties)) return;
    if (layer.getBounds) bounds.extend(layer.getBounds());
    else bounds.extend(layer.getLatLng());
  });
  if (bounds.isValid()) state.map.fitBounds(bounds.pad(0.3));
}

// ---------- views ----------

function setView(...children) {
  document.getElementById('view').replaceChildren(...children);
}

function table(head, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, head.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c))))));
}

function decisionText(deal) {
  if (!deal.decision) return t('workbench.deal.decision.none');
  return deal.decision.decision + (deal.decision.applied_on ? ` (${deal.decision.applied_on})` : '');
}

function showDeals() {
  state.tab = 'deals';
  markTab();
  if (!state.run) return setView(el('p', {}, t('workbench.run.none')));
  const rows = state.run.deals.map((d) => [
    el('a', { href: '#', class: 'deal-link', 'data-deal': d.deal_id, onclick: (e) => { e.preventDefault(); showDeal(d.deal_id); } }, String(d.deal_id)),
    t('form.' + d.form), d.farm_ids.map(farmName).join(', '), d.area_ha.toFixed(2), euros(d.benefit_eur), decisionText(d),
  ]);
  setView(el('h2', {}, t('workbench.tab.deals')),
    kpiTable(state.run.kpi_table),
    table([t('deal.head.deal'), t('deal.head.form'), t('deal.head.parties'), t('deal.head.ha'), t('deal.head.benefit'), t('workbench.head.decision')], rows));
}

function kpiTable(rows) {
  if (!rows || !rows.length) return el('span');
  return el('details', {}, el('summary', {}, t('kpi.head.measure')),
    table([t('kpi.head.measure'), t('kpi.head.unit'), t('kpi.head.before'), t('kpi.head.after')],
      rows.map((r) => [r.label, r.unit, r.before, r.after])));
}

function showDeal(dealId) {
  state.tab = 'deals';
  markTab();
  const deal = state.run.deals.find((d) => d.deal_id === dealId);
  if (!deal) return;
  zoomTo((p) => p.deal_id === dealId);
  const transfers = state.run.transfers.filter((x) => x.deal_id === dealId);
  const parties = state.run.participants.filter((x) => x.deal_id === dealId);
  const note = el('textarea', { id: 'decision-note', rows: '2', maxlength: '2000' });
  const decide = (decision) => async () => {
    try {
      const done = await api(`/api/deals/${dealId}/decision`, { method: 'POST', body: { decision, note: note.value, run_id: state.run.run.run_id } });
      say(t('workbench.decide.done', done.decision));
      await loadRun();
      showDeal(dealId);
    } catch (error) { say(t('workbench.error', error.message), true); }
  };
  const buttons = state.run.run.variant ? [] : ['accept', 'reject', 'hold', 'release'].map((d) =>
    el('button', { type: 'button', id: `decide-${d}`, onclick: decide(d) }, t('workbench.decide.' + d)));
  setView(
    el('h2', {}, t('workbench.deal', dealId), ' — ', t('form.' + deal.form)),
    el('button', { type: 'button', onclick: () => zoomTo((p) => p.deal_id === dealId) }, t('workbench.deal.zoom')),
    el('p', { class: 'why' }, deal.why),
    el('h3', {}, t('workbench.deal.parties')),
    state.party || state.owner || !deal.pool_owner_ids.length ? null : el('div', { class: 'buttons' },
      deal.pool_owner_ids.map((owner) => el('button', { type: 'button', class: 'owner-link', onclick: () => openPartyPage('owner', owner) },
        `${t('deal.head.pool_from')} ${owner}: ${t('workbench.farm.party_page')}`))),
    table([t('workbench.head.farm'), t('workbench.head.area_change'), t('workbench.head.travel'), t('workbench.head.blocks'), t('workbench.head.gain')],
      parties.map((p) => [farmName(p.farm_id), `${p.area_before_ha.toFixed(2)} -> ${p.area_after_ha.toFixed(2)}`,
        `${p.travel_before_ha_km.toFixed(1)} -> ${p.travel_after_ha_km.toFixed(1)}`, `${p.blocks_before} -> ${p.blocks_after}`, euros(p.gain_eur)])),
    el('h3', {}, t('workbench.deal.transfers')),
    table([t('workbench.head.parcel'), t('workbench.head.from'), t('workbench.head.to'), t('deal.head.form'), t('deal.head.ha'), t('deal.head.effective')],
      transfers.map((x) => [x.parcel_id, farmName(x.from_farm_id), farmName(x.to_farm_id), t('form.' + x.form), x.area_ha.toFixed(2), x.effective_date])),
    el('h3', {}, t('workbench.deal.money')),
    table([t('deal.head.benefit'), t('deal.head.settlement'), t('deal.head.settlement_year'), t('deal.head.tax'), t('deal.head.effective')],
      [[euros(deal.benefit_eur), euros(deal.settlement_eur), euros(deal.settlement_eur_per_year), euros(deal.transfer_tax_eur), deal.effective_date]]),
    el('h3', {}, t('workbench.deal.decision')),
    el('p', { id: 'decision-state' }, decisionText(deal), deal.decision && deal.decision.note ? ` — ${deal.decision.note}` : ''),
    state.party || state.owner ? null : el('label', {}, t('workbench.deal.note'), el('br'), note),
    state.party || state.owner ? null : el('div', { class: 'buttons' }, buttons));
}

function showFarms() {
  state.tab = 'farms';
  markTab();
  const rows = state.region.farms.map((f) => [
    farmName(f.farm_id), t('organic.' + f.organic_status), String(f.parcels),
    f.demand ? t('workbench.farm.demand', f.demand.wants_min_ha, f.demand.wants_max_ha) : t('workbench.farm.no_demand'),
    el('button', { type: 'button', onclick: () => zoomTo((p) => p.user_before === f.farm_id || p.user_after === f.farm_id) }, t('workbench.farm.zoom')),
    state.party ? '' : el('button', { type: 'button', class: 'party-link', onclick: () => openPartyPage('party', f.farm_id) }, t('workbench.farm.party_page')),
  ]);
  setView(el('h2', {}, t('workbench.tab.farms')),
    table([t('workbench.head.farm'), t('workbench.head.status'), t('workbench.head.parcels'), t('workbench.head.demand'), '', ''], rows));
}

/** A page for one farm (kind 'party') or pool owner ('owner') with its own
 *  token: it can read that party's view only. */
async function openPartyPage(kind, id) {
  try {
    const link = await api(`/api/party-link?${kind}=${encodeURIComponent(id)}`);
    window.open(`/${kind}/${encodeURIComponent(id)}?token=${link.token}`, '_blank', 'noopener');
  } catch (error) { say(t('workbench.error', error.message), true); }
}

// ---------- what-if ----------

function lockParcel(parcelId) {
  showWhatIf();
  const field = document.getElementById('what-if-lock');
  const ids = field.value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!ids.includes(parcelId)) ids.push(parcelId);
  field.value = ids.join(', ');
}

function whatIfBody() {
  const value = (id) => document.getElementById(id).value.trim();
  const number = (id) => (value(id) === '' ? null : Number(value(id)));
  const body = {
    name: value('what-if-name'),
    lock_parcels: value('what-if-lock').split(',').map((s) => s.trim()).filter(Boolean),
    farms_out: [...document.getElementById('what-if-out').selectedOptions].map((o) => o.value),
    demands: [],
    rules: {},
    time_limit_s: number('what-if-time') ?? 10,
  };
  const farm = value('what-if-farm');
  if (farm) {
    body.demands.push({ farm_id: farm, wants_min_ha: number('what-if-min'), wants_max_ha: number('what-if-max'),
      max_distance_km: number('what-if-distance'), tolerance_pct: number('what-if-tolerance') });
  }
  for (const select of document.querySelectorAll('select.rule')) {
    if (select.value) body.rules[select.dataset.rule] = select.value;
  }
  return body;
}

const ruleNames = ['organic_stays_organic', 'offer_conditions', 'demand_balance', 'nobody_worse_off',
  'partners', 'deal_caps', 'government_land', 'government_caps'];

function showWhatIf(result) {
  state.tab = 'what-if';
  markTab();
  if (document.getElementById('what-if-form') && !result) return;
  const farmsWithDemand = state.region.farms.filter((f) => f.demand);
  const option = (f) => el('option', { value: f.farm_id }, farmName(f.farm_id));
  const input = (id, label, attributes = {}) => el('label', {}, label, ' ', el('input', { id, ...attributes }));
  const form = el('form', { id: 'what-if-form', onsubmit: solveWhatIf },
    el('p', {}, t('workbench.what_if.intro')),
    input('what-if-name', t('workbench.what_if.name'), { required: '', maxlength: '60', pattern: '[A-Za-z0-9_ \\-]+', value: `what-if ${state.region.what_ifs.length + 1}` }),
    input('what-if-lock', t('workbench.what_if.lock'), { size: '30' }),
    el('label', {}, t('workbench.what_if.out'), el('br'), el('select', { id: 'what-if-out', multiple: '', size: '4' }, farmsWithDemand.map(option))),
    el('fieldset', {}, el('legend', {}, t('workbench.what_if.demand')),
      el('select', { id: 'what-if-farm' }, el('option', { value: '' }, '-'), farmsWithDemand.map(option)),
      input('what-if-min', t('workbench.what_if.wants_min'), { type: 'number', step: 'any' }),
      input('what-if-max', t('workbench.what_if.wants_max'), { type: 'number', step: 'any' }),
      input('what-if-distance', t('workbench.what_if.distance'), { type: 'number', step: 'any', min: '0.1' }),
      input('what-if-tolerance', t('workbench.what_if.tolerance'), { type: 'number', step: 'any', min: '0', max: '100' })),
    el('fieldset', {}, el('legend', {}, t('workbench.what_if.rules')),
      ruleNames.map((rule) => el('label', { class: 'rule' }, rule, ' ',
        el('select', { class: 'rule', 'data-rule': rule }, el('option', { value: '' }, t('workbench.what_if.rule_unchanged')),
          ['hard', 'penalty', 'off'].map((m) => el('option', { value: m }, m)))))),
    input('what-if-time', t('workbench.what_if.time_limit'), { type: 'number', min: '1', max: '600', value: '10' }),
    el('button', { type: 'submit', id: 'what-if-solve' }, t('workbench.what_if.solve')));
  const saved = state.region.what_ifs.map((w) => el('li', {},
    el('a', { href: '#', onclick: async (e) => { e.preventDefault(); showWhatIfResult(await api(`/api/what-ifs/${encodeURIComponent(w.name)}`)); } }, w.name),
    w.applied ? ' ✓' : ''));
  setView(el('h2', {}, t('workbench.tab.what_if')), form, el('div', { id: 'what-if-result' }),
    el('h3', {}, t('workbench.what_if.saved')), el('ul', {}, saved));
}

async function solveWhatIf(event) {
  event.preventDefault();
  const button = document.getElementById('what-if-solve');
  button.disabled = true;
  say(t('workbench.what_if.solving'));
  try {
    const result = await api('/api/what-ifs', { method: 'POST', body: whatIfBody() });
    say('');
    state.region = await api('/api/region');
    showWhatIfResult(result);
  } catch (error) {
    say(t('workbench.error', error.message), true);
  } finally {
    button.disabled = false;
  }
}

function runColumns(run) {
  return run ? [euros(run.objective_eur), euros(run.bound_eur), percent(run.gap), run.status] : ['-', '-', '-', '-'];
}

function showWhatIfResult(result) {
  if (!document.getElementById('what-if-result')) showWhatIf();
  const base = runColumns(result.base), variant = runColumns(result.run);
  const labels = [t('workbench.what_if.value'), t('workbench.what_if.bound'), t('workbench.what_if.gap'), t('workbench.what_if.status')];
  const kpis = (result.run.kpi_table || []).map((row) => {
    const baseRow = result.base && result.base.kpi_table ? result.base.kpi_table.find((r) => r.label === row.label) : null;
    return [row.label + (row.unit ? ` (${row.unit})` : ''), baseRow ? baseRow.after : '-', row.after];
  });
  const box = el('div', { id: 'what-if-outcome', 'data-run': result.run.run_id },
    el('h3', {}, result.name),
    table([t('workbench.head.measure'), t('workbench.head.current'), t('workbench.head.variant')],
      labels.map((label, i) => [label, base[i], variant[i]]).concat(kpis)),
    el('p', {}, t('workbench.what_if.changes', result.changes.length)),
    table([t('workbench.head.parcel'), t('workbench.head.current'), t('workbench.head.variant')],
      result.changes.slice(0, 200).map((c) => [c.parcel_id, farmName(c.base_to), farmName(c.variant_to)])),
    el('button', { type: 'button', id: 'what-if-show', onclick: async () => { await selectRun(result.run.run_id); } }, t('workbench.what_if.show')),
    result.applied_run_id ? el('p', {}, t('workbench.what_if.applied', result.applied_run_id)) :
      el('button', { type: 'button', id: 'what-if-apply', onclick: async () => {
        try {
          const applied = await api(`/api/what-ifs/${encodeURIComponent(result.name)}/apply`, { method: 'POST', body: {} });
          say(t('workbench.what_if.applied', applied.run_id));
          await refreshRegion();
          await selectRun(null);
        } catch (error) { say(t('workbench.error', error.message), true); }
      } }, t('workbench.what_if.apply')));
  document.getElementById('what-if-result').replaceChildren(box);
}

// ---------- scenarios ----------

async function showScenarios() {
  state.tab = 'scenarios';
  markTab();
  const runs = state.region.runs.concat(state.region.what_ifs.map((w) => ({ run_id: w.run_id, scenario: 'what-if ' + w.name })));
  const boxes = runs.map((r) => el('label', { class: 'run-choice' },
    el('input', { type: 'checkbox', value: r.run_id }), ` #${r.run_id} ${r.scenario}`));
  const result = el('div', { id: 'compare-result' });
  const compare = async () => {
    const ids = [...document.querySelectorAll('.run-choice input:checked')].map((c) => c.value);
    try {
      const json = await api('/api/compare' + (ids.length ? `?runs=${ids.join(',')}` : ''));
      const head = [t('compare.head.group'), t('workbench.head.measure')].concat(json.scenarios.map((s) => s.label));
      const rows = json.rows.map((r) => [r.group, r.measure].concat(r.values.map((v, i) =>
        (Number.isInteger(v) ? String(v) : v.toFixed(2)) + (r.significance[i] === 'significant' ? ' *' : ''))));
      const mapButtons = json.run_ids.map((id) => el('button', { type: 'button', onclick: () => selectRun(id) }, `${t('workbench.what_if.show')} #${id}`));
      result.replaceChildren(table(head, rows), el('div', { class: 'buttons' }, mapButtons));
    } catch (error) { say(t('workbench.error', error.message), true); }
  };
  setView(el('h2', {}, t('workbench.tab.scenarios')), el('p', {}, t('workbench.scenarios.intro')),
    el('div', {}, boxes), el('button', { type: 'button', id: 'compare', onclick: compare }, t('workbench.scenarios.compare')), result);
}

// ---------- frame ----------

function markTab() {
  for (const button of document.querySelectorAll('#tabs button'))
    button.classList.toggle('active', button.dataset.tab === state.tab);
}

function buildTabs() {
  const tabs = state.owner ? [['deals', showDeals]] : state.party ? [['deals', showDeals], ['farms', showFarms]]
    : [['deals', showDeals], ['farms', showFarms], ['what-if', () => showWhatIf()], ['scenarios', showScenarios]];
  const key = { deals: 'workbench.tab.deals', farms: 'workbench.tab.farms', 'what-if': 'workbench.tab.what_if', scenarios: 'workbench.tab.scenarios' };
  document.getElementById('tabs').replaceChildren(...tabs.map(([name, show]) =>
    el('button', { type: 'button', 'data-tab': name, onclick: show }, t(key[name]))));
}

function applyTexts() {
  document.documentElement.lang = state.language;
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = t(node.dataset.text);
  const ownerName = state.region && state.region.owner_name ? `${state.region.owner_name} (${state.owner})` : state.owner;
  document.getElementById('title').textContent = state.party ? t('workbench.party.title', farmName(state.party))
    : state.owner ? t('workbench.party.title', ownerName) : t('workbench.title');
  document.getElementById('language-switch').textContent = t('workbench.language');
  buildTabs();
}

function fillRunSelect() {
  const select = document.getElementById('run-select');
  const runs = state.region.runs.slice().reverse();
  const whatIfs = state.region.what_ifs.filter((w) => !w.applied); // none for a party or owner
  select.replaceChildren(
    ...runs.map((r) => el('option', { value: r.run_id }, `#${r.run_id} ${r.scenario} (${r.quarter})`)),
    ...whatIfs.map((w) => el('option', { value: w.run_id }, `#${w.run_id} what-if ${w.name}`)));
  if (state.runId) select.value = String(state.runId);
}

async function loadRun() {
  try {
    state.run = await api('/api/run' + (state.runId ? `?run=${state.runId}` : ''));
  } catch (error) {
    state.run = null; // no run yet
  }
  const status = document.getElementById('run-status');
  status.textContent = state.run
    ? t('workbench.run.status', euros(state.run.run.objective_eur), euros(state.run.run.bound_eur), percent(state.run.run.gap))
    : t('workbench.run.none');
}

async function refreshRegion() {
  state.region = await api('/api/region');
  document.getElementById('quarter').textContent = t('workbench.quarter', state.region.quarter);
  fillRunSelect();
}

async function selectRun(runId) {
  state.runId = runId;
  fillRunSelect();
  await loadRun();
  await loadMap();
  showDeals();
}

async function render() {
  const messages = await api('/api/messages');
  state.texts = messages.texts;
  state.language = messages.language;
  await refreshRegion();
  applyTexts();
  await loadRun();
  await loadMap();
  ({ deals: showDeals, farms: showFarms, 'what-if': () => showWhatIf(true), scenarios: showScenarios }[state.tab] || showDeals)();
}

async function start() {
  const params = new URLSearchParams(location.search);
  state.token = params.get('token') || sessionStorage.getItem('landpool-token');
  if (state.token) sessionStorage.setItem('landpool-token', state.token);
  if (params.has('token')) { // off the address bar (and the projector, and the history)
    params.delete('token');
    history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
  }
  const page = /^\/(party|owner)\/([^/]+)$/.exec(location.pathname);
  if (page && page[1] === 'party') state.party = decodeURIComponent(page[2]);
  if (page && page[1] === 'owner') state.owner = decodeURIComponent(page[2]);
  state.language = params.get('lang');
  state.map = L.map('map', { crs: L.CRS.Simple, minZoom: -14, maxZoom: 4, zoomSnap: 0.25, attributionControl: false });
  state.map.setView([0, 0], 0);
  state.legend = L.control({ position: 'bottomright' });
  state.legend.onAdd = () => el('div', { class: 'legend' });
  state.legend.addTo(state.map);
  L.control.scale({ imperial: false }).addTo(state.map);
  document.getElementById('colour-mode').addEventListener('change', () => { restyle(); updateLegend(); });
  document.getElementById('when').addEventListener('change', restyle);
  document.getElementById('run-select').addEventListener('change', (e) => selectRun(Number(e.target.value)));
  document.getElementById('language-switch').addEventListener('click', async () => {
    state.language = state.language === 'en' ? 'nl' : 'en';
    await render();
  });
  try {
    await render();
  } catch (error) {
    say(t('workbench.error', error.message), true);
  }
}

start();
