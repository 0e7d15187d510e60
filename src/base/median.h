#pragma once
// The median of a list of figures (benches over blocks or seeds, scores over query points).
#include <vector>

namespace egeot {

// The middle value, or the mean of the two middle ones for an even count; NaN for none.
double median(std::vector<double> values);

}  // namespace egeot
