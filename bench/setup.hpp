// Prepares the server for a run (fresh tables for the bundled models, the rows the workloads read) and builds the
// Setup that every contender is made from.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "implementation.hpp"

namespace bench {

// Drops and recreates the tables of models::Account, models::Point and the blog's User, Post and Comment, then
// seeds them. Tables that hold rows are left alone with an error unless `reset` says their rows may go.
Setup prepare_server(const std::string& url, bool reset);

// `count` points with coordinates in [-1000, 1000): full-precision doubles, the expensive case for text conversion.
std::vector<PointValues> random_points(std::size_t count);

}  // namespace bench
