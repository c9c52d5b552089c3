// Writes the fuzz targets' seed corpora from the project's own inputs: the
// example region, the shipped scenarios, the PrefLib pools of ../shared/data
// (when present) and small GIS files in each format the gis target picks.
// Usage: make_seeds SOURCE_DIR OUT_DIR  (OUT_DIR/<target>/<seed>)

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <gdal_utils.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_seed(const fs::path& folder, const std::string& name, const std::string& content) {
  fs::create_directories(folder);
  std::ofstream(folder / name, std::ios::binary) << content;
}

const char* const kContractFiles[] = {"parcels.csv", "owners.csv", "farms.csv",
                                      "leases.csv",  "offers.csv", "demands.csv"};

std::string joined_sections(const std::vector<std::string>& sections) {
  std::string text;
  for (std::size_t i = 0; i < sections.size(); ++i)
    text += (i == 0 ? "" : "%%\n") + sections[i];
  return text;
}

std::string square_wkt(double x, double y, double side_m) {
  const double h = side_m / 2.0;
  std::ostringstream wkt;
  wkt.precision(10);
  wkt << "POLYGON ((" << x - h << ' ' << y - h << ", " << x + h << ' ' << y - h << ", " << x + h
      << ' ' << y + h << ", " << x - h << ' ' << y + h << ", " << x - h << ' ' << y - h << "))";
  return wkt.str();
}

// parcels.csv of the example with each parcel's x,y replaced by a square of its area.
std::string parcels_with_wkt(const std::string& parcels) {
  std::istringstream in(parcels);
  std::string line, out;
  std::getline(in, line);
  out = line + '\n';
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');)
      cells.push_back(cell);
    if (cells.size() < 5 || cells[1].empty() || cells[2].empty() || cells[3].empty()) {
      out += line + '\n';  // no location to draw a square around: kept as it is
      continue;
    }
    const double side_m = std::sqrt(std::stod(cells[1]) * 10000.0);
    cells[4] = "\"" + square_wkt(std::stod(cells[2]), std::stod(cells[3]), side_m) + "\"";
    cells[2].clear();
    cells[3].clear();
    for (std::size_t i = 0; i < cells.size(); ++i)
      out += (i ? "," : "") + cells[i];
    out += '\n';
  }
  return out;
}

void csv_seeds(const fs::path& source, const fs::path& out) {
  std::vector<std::string> files;
  for (const char* name : kContractFiles)
    files.push_back(read_whole(source / "examples/harenkarspel-mini" / name));
  for (std::size_t i = 0; i < files.size(); ++i)
    write_seed(out / "csv_file", kContractFiles[i], std::string(1, char(i)) + files[i]);
  write_seed(out / "csv_file", "parcels_wkt.csv",
             std::string(1, '\0') + parcels_with_wkt(files[0]));
  write_seed(out / "csv_directory", "example", joined_sections(files));
  auto with_wkt = files;
  with_wkt[0] = parcels_with_wkt(files[0]);
  write_seed(out / "csv_directory", "example_wkt", joined_sections(with_wkt));
  write_seed(out / "csv_update", "quarter", joined_sections({files[4], files[5], files[3]}));
}

void text_seeds(const fs::path& source, const fs::path& out) {
  for (const auto& entry : fs::directory_iterator(source / "scenarios")) {
    if (entry.path().extension() == ".toml")
      write_seed(out / "scenario", entry.path().filename(), read_whole(entry.path()));
  }
  const fs::path pools = source.parent_path() / "shared/data/kep-preflib-00036";
  if (fs::exists(pools)) {
    for (const auto& entry : fs::directory_iterator(pools)) {
      if (fs::file_size(entry.path()) < 8000)
        write_seed(out / "wmd", entry.path().filename(), read_whole(entry.path()));
    }
  }
  write_seed(out / "scan_weights", "weights.toml",
             "[scan]\ngrid_km = 2\nmin_farmland_ha = 50\nhorizon_years = 3\n"
             "cluster_min_ha = 10\n[weights]\norganic_ha = 1\nurban_distance_km = -0.5\n");
  write_seed(out / "wmd", "tiny.wmd",
             "# ALTERNATIVE NAME 1: Pair 1\n# ALTERNATIVE NAME 2: Pair 2\n"
             "# ALTERNATIVE NAME 3: Alturist 3\n1,2,1.5\n2,1,2\n3,1,1\n");
  write_seed(out / "wkt", "square", square_wkt(120000, 490000, 100));
  write_seed(out / "wkt", "holed",
             "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0), (10 10, 20 10, 20 20, 10 20, 10 10))");
  write_seed(out / "wkt", "multi", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))");
  write_seed(out / "wkt", "bowtie", "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))");
}

std::string geojson_parcels() {
  std::string features;
  for (int i = 0; i < 4; ++i) {
    const double x = 120000 + 150.0 * i;
    features +=
        std::string(i ? "," : "") +
        R"({"type":"Feature","properties":{"category":"Grasland","gewas":"Grasland, blijvend","gewascode":265,"jaar":2023},"geometry":{"type":"Polygon","coordinates":[[[)" +
        std::to_string(x) + ",490000],[" + std::to_string(x + 100) + ",490000],[" +
        std::to_string(x + 100) + ",490100],[" + std::to_string(x) + ",490100],[" +
        std::to_string(x) + ",490000]]]}}";
  }
  return R"({"type":"FeatureCollection","name":"brp_gewas","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)" +
         features + "]}";
}

std::string vsimem_bytes(const std::string& path) {
  vsi_l_offset length = 0;
  GByte* bytes = VSIGetMemFileBuffer(path.c_str(), &length, FALSE);
  return bytes ? std::string(reinterpret_cast<const char*>(bytes), length) : std::string();
}

void gis_seeds(const fs::path& out) {
  GDALAllRegister();
  const std::string source = "/vsimem/seed.geojson";
  const std::string geojson = geojson_parcels();
  write_seed(out / "gis", "geojson", std::string(1, '\0') + geojson);
  VSIFCloseL(VSIFileFromMemBuffer(source.c_str(),
                                  reinterpret_cast<GByte*>(const_cast<char*>(geojson.data())),
                                  geojson.size(), FALSE));
  GDALDatasetH input = GDALOpenEx(source.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  struct Format {
    int index;
    const char* driver;
    const char* seed_name;
    const char* path;  // written here; a zip's member is read back whole
  };
  const Format formats[] = {{1, "GPKG", "gpkg", "/vsimem/out.gpkg"},
                            {2, "ESRI Shapefile", "shp.zip", "/vsimem/out.shp.zip"},
                            {3, "GML", "gml", "/vsimem/out.gml"},
                            {4, "KML", "kml", "/vsimem/out.kml"},
                            {5, "FlatGeobuf", "fgb", "/vsimem/out.fgb"}};
  for (const Format& format : formats) {
    char* arguments[] = {const_cast<char*>("-f"), const_cast<char*>(format.driver),
                         const_cast<char*>("-nln"), const_cast<char*>("brp_gewas"), nullptr};
    GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(arguments, nullptr);
    GDALDatasetH written = GDALVectorTranslate(format.path, nullptr, 1, &input, options, nullptr);
    GDALVectorTranslateOptionsFree(options);
    if (written == nullptr) {
      std::cerr << "make_seeds: GDAL cannot write " << format.driver << ", seed left out\n";
      continue;
    }
    GDALClose(written);
    write_seed(out / "gis", format.seed_name,
               std::string(1, char(format.index)) + vsimem_bytes(format.path));
  }
  GDALClose(input);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_seeds SOURCE_DIR OUT_DIR\n";
    return 2;
  }
  CPLSetErrorHandler(CPLQuietErrorHandler);
  const fs::path source = fs::canonical(argv[1]);
  const fs::path out = argv[2];
  csv_seeds(source, out);
  text_seeds(source, out);
  gis_seeds(out);
  return 0;
}
