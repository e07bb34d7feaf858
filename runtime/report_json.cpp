// The json format: every field of every finding, in the versioned schema documented in
// docs/ci.md ("JSON schema"). Keys keep the order written here (ordered_json), so the output is
// stable and reads in the order the documentation gives.
#include "runtime/report_json.hpp"
#include "runtime/report.hpp"

#include <cmath>

namespace ingot::runtime::report {

namespace {

using Json = nlohmann::ordered_json;

/// The schema's version: raised when a field is removed, renamed or changes meaning; adding a
/// field keeps it (readers ignore fields they do not know).
constexpr int schema_version = 1;

Json location_json(const Location& l) {
    return Json{{"offset", l.offset}, {"line", l.line}, {"column", l.column}};
}

/// A span's fields, written inline into the object that has the span (a label, an edit, a
/// citation).
void add_span(Json& object, const Span& span) {
    object["path"] = span.path;
    object["begin"] = location_json(span.begin);
    object["end"] = location_json(span.end);
}

Json label_json(const Label& label) {
    Json j = Json::object();
    add_span(j, label.span);
    j["message"] = label.message;
    return j;
}

Json fix_json(const Fix& fix) {
    Json edits = Json::array();
    for (const Edit& e : fix.edits) {
        Json edit = Json::object();
        add_span(edit, e.span);
        edit["replacement"] = e.replacement;
        edits.push_back(std::move(edit));
    }
    return Json{{"title", fix.title}, {"edits", std::move(edits)}};
}

Json measurement_json(const Measurement& m) {
    return Json{{"what", m.what},
                {"nominal", m.nominal ? number_json(*m.nominal) : Json(nullptr)},
                {"low", number_json(m.low)},
                {"high", number_json(m.high)},
                {"unit", m.unit}};
}

Json diagnostic_json(const Diagnostic& d, const Analysis& analysis, const CitedElements& cited) {
    Json j = Json::object();
    j["id"] = d.id;
    j["severity"] = to_string(d.severity);
    j["message"] = d.message;
    j["primary"] = label_json(d.primary);
    j["secondary"] = Json::array();
    for (const Label& l : d.secondary) {
        j["secondary"].push_back(label_json(l));
    }
    j["notes"] = d.notes;
    j["help"] = d.help ? Json(*d.help) : Json(nullptr);
    j["fixes"] = Json::array();
    for (const Fix& f : d.fixes) {
        j["fixes"].push_back(fix_json(f));
    }
    j["values"] = Json::array();
    for (const Measurement& m : d.values) {
        j["values"].push_back(measurement_json(m));
    }
    j["fingerprint"] = fingerprint(d, analysis);
    Json citations = Json::array();
    const auto element = cited.find(d);
    if (element) {
        j["element"] =
            Json{{"kind", element->kind}, {"plan", element->plan->name}, {"name", element->name}};
        for (const Citation& c : *element->citations) {
            Json citation = Json::object();
            citation["source"] = c.source;
            citation["quote"] = c.quote ? Json(*c.quote) : Json(nullptr);
            const auto url = source_url(*element->plan, c.source);
            citation["url"] = url ? Json(*url) : Json(nullptr);
            add_span(citation, c.span);
            citations.push_back(std::move(citation));
        }
    } else {
        j["element"] = nullptr;
    }
    j["citations"] = std::move(citations);
    return j;
}

} // namespace

nlohmann::ordered_json number_json(double value) {
    return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

std::string_view reading_name(ingot::Reading reading) {
    switch (reading) {
    case ingot::Reading::point:
        return "point";
    case ingot::Reading::above:
        return "above";
    case ingot::Reading::at_least:
        return "at_least";
    case ingot::Reading::below:
        return "below";
    case ingot::Reading::at_most:
        return "at_most";
    case ingot::Reading::none:
        break;
    }
    return "none";
}

std::string dump_json(const nlohmann::ordered_json& json) {
    // Bytes that are not UTF-8 (a file name, a quote from a damaged file) become U+FFFD rather
    // than an exception; control characters are escaped (\u001b) by the serializer.
    return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + '\n';
}

std::string write_json(const Report& report, const Analysis& analysis, const ReportOptions&) {
    Json out = Json::object();
    out["schema"] = "ingot-report";
    out["version"] = schema_version;
    out["tool"] = Json{{"name", "ingot"}, {"version", ingot::version()}};
    out["files"] = report.files;
    out["diagnostics"] = Json::array();
    const CitedElements cited(analysis);
    for (const Diagnostic& d : report.diagnostics) {
        out["diagnostics"].push_back(diagnostic_json(d, analysis, cited));
    }
    const SeverityCounts counts = count_severities(report.diagnostics);
    out["summary"] = Json{{"files", report.files.size()},
                          {"errors", counts.errors},
                          {"warnings", counts.warnings},
                          {"infos", counts.infos}};
    return dump_json(out);
}

} // namespace ingot::runtime::report
