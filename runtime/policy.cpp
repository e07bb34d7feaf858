#include "runtime/policy.hpp"

#include "runtime/names.hpp"
#include "runtime/registry.hpp"
#include "runtime/to_public.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace ingot::runtime {

namespace {

bool names(const std::vector<std::string>& list, const CheckInfo& check) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& entry) {
        return entry == check.id || entry == check.category;
    });
}

/// One `# ingot: allow(ID, …) reason` comment.
struct Allow {
    Span span;                     // the comment
    std::uint32_t covers_line = 0; // the line whose findings it suppresses
    std::vector<std::string> ids;
    std::vector<bool> used; // parallel to ids
    bool valid = false;     // parsed, has a reason, names known checks
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return s;
}

class AllowReader {
public:
    AllowReader(const std::vector<CheckInfo>& checks, std::vector<Diagnostic>& out) : out_(out) {
        for (const CheckInfo& c : checks) {
            ids_.push_back(c.id);
        }
    }

    /// Reads every allow comment of the files the run was given or imported.
    std::vector<Allow> read(const Analysis& run) {
        std::vector<Allow> allows;
        const lang::SourceMap& sources = run.workspace.sources;
        for (const lang::FileId id : run.workspace.load_order()) {
            const LoadedFile& file = run.workspace.file(id);
            if (file.is_prelude) {
                continue;
            }
            const lang::SourceFile& source = sources.file(id);
            for (const lang::Comment& comment : file.ast.comments) {
                std::string_view text = trim(std::string_view(comment.text).substr(1));
                if (text.rfind("ingot:", 0) != 0) {
                    continue;
                }
                Allow allow;
                allow.span = to_public(sources, comment.span);
                const auto at = source.location(comment.span.begin);
                const std::string_view before = source.line_text(at.line).substr(
                    0, comment.span.begin - source.line_start(at.line));
                // A comment on a line of its own speaks of the next line; after code, of its own.
                allow.covers_line = trim(before).empty() ? at.line + 1 : at.line;
                parse(trim(text.substr(6)), allow);
                allows.push_back(std::move(allow));
            }
        }
        return allows;
    }

private:
    void parse(std::string_view text, Allow& allow) {
        constexpr std::string_view example = "`# ingot: allow(ID) reason`";
        if (text.rfind("allow(", 0) != 0 || text.find(')') == std::string_view::npos) {
            bad(allow, "this `# ingot:` comment is not an allow",
                fmt::format("write {}, e.g. `# ingot: allow(uncited) the source is the "
                            "plan itself`",
                            example));
            return;
        }
        const std::size_t close = text.find(')');
        std::string_view list = text.substr(6, close - 6);
        while (!list.empty()) {
            const std::size_t comma = list.find(',');
            const std::string_view id = trim(list.substr(0, comma));
            if (!id.empty()) {
                allow.ids.emplace_back(id);
            }
            list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        }
        if (allow.ids.empty()) {
            bad(allow, "this allow names no check", fmt::format("write {}", example));
            return;
        }
        for (const std::string& id : allow.ids) {
            if (id == check::syntax || id == check::bad_allow || id == check::unused_allow) {
                bad(allow, fmt::format("`{}` findings cannot be suppressed", id),
                    id == check::syntax ? "a file that does not parse has not been checked; fix it"
                                        : "fix or remove the allow comment it reports");
                return;
            }
            if (std::find(ids_.begin(), ids_.end(), id) != ids_.end()) {
                continue;
            }
            const auto suggestion = did_you_mean(id, ids_);
            bad(allow,
                fmt::format("no check `{}`{}", id,
                            suggestion ? fmt::format("; did you mean `{}`?", *suggestion) : ""),
                "`ingot rules` lists the checks and the project's rules");
            return;
        }
        if (trim(text.substr(close + 1)).empty()) {
            bad(allow, fmt::format("`allow({})` needs a reason", fmt::join(allow.ids, ", ")),
                "say after it why the finding does not apply here, e.g. `# ingot: "
                "allow(uncited) the figure is the plan's own`; without one it suppresses nothing");
            return;
        }
        allow.used.assign(allow.ids.size(), false);
        allow.valid = true;
    }

    void bad(const Allow& allow, std::string message, std::string help) {
        Diagnostic d;
        d.id = std::string(check::bad_allow);
        d.severity = Severity::error;
        d.message = std::move(message);
        d.primary = {allow.span, "allow comment"};
        d.help = std::move(help);
        out_.push_back(std::move(d));
    }

    std::vector<std::string> ids_;
    std::vector<Diagnostic>& out_;
};

} // namespace

bool enabled(const CheckInfo& check, const Policy& policy) {
    if (check.id == check::syntax) {
        return true;
    }
    if (names(policy.ignore, check)) {
        return false;
    }
    return policy.select ? names(*policy.select, check) : check.enabled_by_default;
}

std::vector<Diagnostic> apply_policy(std::vector<Diagnostic> found,
                                     const std::vector<CheckInfo>& checks, const Policy& policy,
                                     const Analysis& run) {
    const auto find = [&](std::string_view id) -> const CheckInfo* {
        const auto it = std::find_if(checks.begin(), checks.end(),
                                     [&](const CheckInfo& c) { return c.id == id; });
        return it == checks.end() ? nullptr : &*it;
    };
    const auto is_on = [&](std::string_view id) {
        const CheckInfo* info = find(id);
        return info == nullptr || enabled(*info, policy);
    };

    std::vector<Diagnostic> policy_findings;
    std::vector<Allow> allows;
    if (policy.suppressions) {
        allows = AllowReader(checks, policy_findings).read(run);
    }

    std::vector<Diagnostic> kept;
    for (Diagnostic& d : found) {
        if (!is_on(d.id)) {
            continue;
        }
        bool suppressed = false;
        for (Allow& allow : allows) {
            if (!allow.valid || allow.span.path != d.primary.span.path ||
                allow.covers_line != d.primary.span.begin.line) {
                continue;
            }
            for (std::size_t i = 0; i < allow.ids.size(); ++i) {
                if (allow.ids[i] == d.id) {
                    allow.used[i] = true;
                    suppressed = true;
                }
            }
        }
        if (!suppressed) {
            kept.push_back(std::move(d));
        }
    }

    for (const Allow& allow : allows) {
        for (std::size_t i = 0; allow.valid && i < allow.ids.size(); ++i) {
            // An allow for a check that is off here may serve another configuration.
            if (allow.used[i] || !is_on(allow.ids[i])) {
                continue;
            }
            Diagnostic d;
            d.id = std::string(check::unused_allow);
            d.severity = Severity::warning;
            d.message = fmt::format("`allow({})` suppresses nothing on line {}", allow.ids[i],
                                    allow.covers_line);
            d.primary = {allow.span, "no such finding here"};
            d.help = "remove it, or move it to the line of the finding (or the line before)";
            if (allow.ids.size() == 1) {
                d.fixes.push_back({"remove the allow comment", {{allow.span, ""}}});
            }
            policy_findings.push_back(std::move(d));
        }
    }
    for (Diagnostic& d : policy_findings) {
        if (is_on(d.id)) {
            kept.push_back(std::move(d));
        }
    }
    for (Diagnostic& d : kept) {
        if (const auto it = policy.severity.find(d.id); it != policy.severity.end()) {
            d.severity = it->second;
        }
    }
    return kept;
}

} // namespace ingot::runtime
