// CSV for insights exports: every insights table can be downloaded with ?format=csv. Cells are
// quoted when they hold a comma, quote or line break; text cells that a spreadsheet would run as a
// formula (=, +, -, @ first) get a leading apostrophe. Numbers are written as they are.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "net/http_message.h"

namespace kring::api {

// A header line, then one line per object in `rows` with the given columns (a missing key or null
// is an empty cell; nested values are written as JSON, so callers flatten what people will sort).
std::string ToCsv(const std::vector<std::string>& columns, const boost::json::array& rows);

// A 200 text/csv attachment named `filename`, never cached by shared caches.
net::HttpResponse CsvResponse(std::string body, const std::string& filename);

}  // namespace kring::api
