#include "runtime/prelude.hpp"

namespace ingot::runtime {

std::string_view prelude_text() {
    // Common metrics of industrial plans. Names follow the statistical terms plans use; a plan file
    // or rulebook declares anything more specific itself.
    static constexpr std::string_view text = R"(# The Ingot prelude: metrics every plan can use.
metric value_added      "industrial value added"                 unit CNY aka iva
metric output           "physical output"                        unit t
metric revenue          "operating revenue"                      unit CNY
metric profit           "total profit"                           unit CNY
metric capacity         "production capacity"                    unit t
metric investment       "fixed-asset investment"                 unit CNY
metric exports          "export value"                           unit USD
metric energy_intensity "energy use per unit of value added"     unit tce/wan CNY
metric emissions        "carbon dioxide emissions"               unit tCO2
)";
    return text;
}

} // namespace ingot::runtime
