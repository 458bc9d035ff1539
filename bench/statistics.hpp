// Order statistics for the samples: medians and quartiles, which one slow sample on a busy machine cannot drag the
// way it drags a mean.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace bench {

// The q-quantile (0 <= q <= 1) of `values`, interpolating between neighbours; 0 for no values.
inline double quantile(std::vector<double> values, double q) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const double position = q * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const auto above = static_cast<std::size_t>(std::ceil(position));
    return values[below] + (values[above] - values[below]) * (position - static_cast<double>(below));
}

inline double median(std::vector<double> values) {
    return quantile(std::move(values), 0.5);
}

}  // namespace bench
