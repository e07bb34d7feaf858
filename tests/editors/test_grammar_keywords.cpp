// The editor grammar (editors/vscode/syntaxes/ingot.tmLanguage.json) highlights exactly the
// language's keywords: the words of its `keywords-*` alternations are the words of the keyword
// table (lang/keywords.hpp), both ways, and the words a unit may not be are the reserved words.
// A keyword added to the language but not to the grammar (or the other way) fails here, naming it.
#include "lang/keywords.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <string>
#include <vector>

using namespace ingot;

namespace {

using Words = std::set<std::string, std::less<>>;

const std::filesystem::path grammar_path =
    test::source_dir / "editors/vscode/syntaxes/ingot.tmLanguage.json";

/// The words of the first `(?:a|b|c)` group after `prefix` in `regex`, which must be a plain
/// alternation of words. Fails the test when there is none.
Words alternation(const std::string& regex, const std::string& prefix) {
    const auto start = regex.find(prefix);
    REQUIRE(start != std::string::npos);
    const auto begin = start + prefix.size();
    const auto end = regex.find(')', begin);
    REQUIRE(end != std::string::npos);
    Words words;
    std::string word;
    for (std::size_t i = begin; i <= end; ++i) {
        const char c = regex[i];
        if (c == '|' || c == ')') {
            REQUIRE(!word.empty());
            words.insert(word);
            word.clear();
        } else {
            INFO("not a plain alternation of words: " << regex.substr(begin, end - begin));
            REQUIRE(((c >= 'a' && c <= 'z') || c == '_'));
            word += c;
        }
    }
    return words;
}

/// "a, b" — the words of `a` missing from `b`.
std::string missing(const Words& a, const Words& b) {
    std::string out;
    for (const std::string& w : a) {
        if (!b.contains(w)) {
            out += (out.empty() ? "" : ", ") + w;
        }
    }
    return out;
}

Words table_words() {
    Words words;
    for (const auto& table : {std::span<const std::string_view>(lang::statement_keywords),
                              std::span<const std::string_view>(lang::expect_keywords),
                              std::span<const std::string_view>(lang::field_keywords),
                              std::span<const std::string_view>(lang::list_keywords),
                              std::span<const std::string_view>(lang::clause_keywords),
                              std::span<const std::string_view>(lang::word_keywords)}) {
        words.insert(table.begin(), table.end());
    }
    return words;
}

} // namespace

TEST_CASE("the editor grammar's keywords are the keyword table's words", "[editors][grammar]") {
    const auto grammar = nlohmann::json::parse(test::read_text(grammar_path));
    REQUIRE(grammar.at("scopeName") == "source.ingot");
    Words highlighted;
    int entries = 0;
    for (const auto& [key, entry] : grammar.at("repository").items()) {
        if (key.rfind("keywords-", 0) != 0) {
            continue;
        }
        INFO(key);
        const Words words = alternation(entry.at("match").get<std::string>(), "\\b(?:");
        highlighted.insert(words.begin(), words.end());
        ++entries;
    }
    CHECK(entries == 8);
    const Words table = table_words();
    INFO("in lang/keywords.hpp but not highlighted: " << missing(table, highlighted));
    INFO("highlighted but not in lang/keywords.hpp: " << missing(highlighted, table));
    CHECK(highlighted == table);
}

/// Every `match` of `node` and the entries below it.
void matches(const nlohmann::json& node, std::vector<std::string>& out) {
    if (node.is_object()) {
        for (const auto& [key, value] : node.items()) {
            if (key == "match" && value.is_string()) {
                out.push_back(value.get<std::string>());
            } else {
                matches(value, out);
            }
        }
    } else if (node.is_array()) {
        for (const auto& value : node) {
            matches(value, out);
        }
    }
}

TEST_CASE("the editor grammar ends a unit at the reserved words", "[editors][grammar]") {
    const auto grammar = nlohmann::json::parse(test::read_text(grammar_path));
    // Reserved: every keyword but the severities and `line` (docs/language.md, "Keywords and
    // reserved words").
    Words reserved = table_words();
    for (const char* word : {"error", "warning", "info", "line"}) {
        reserved.erase(word);
    }
    // A unit word is `(?!\b(?:RESERVED)\b)IDENT`: every such list in the grammar (the units of
    // figures and of `metric … unit`) must be the reserved words.
    const std::string prefix = "(?!\\b(?:";
    std::vector<std::string> regexes;
    matches(grammar.at("repository"), regexes);
    int lists = 0;
    for (const std::string& regex : regexes) {
        for (auto at = regex.find(prefix); at != std::string::npos;
             at = regex.find(prefix, at + 1)) {
            const Words stops = alternation(regex.substr(at), prefix);
            INFO("reserved but taken as a unit word: " << missing(reserved, stops));
            INFO("not reserved but never a unit word: " << missing(stops, reserved));
            CHECK(stops == reserved);
            ++lists;
        }
    }
    CHECK(lists >= 8); // 4 in each unit: the first word and the next, before and after `/`
}

TEST_CASE("the VS Code extension declares the grammar, the files and the server's setting",
          "[editors]") {
    const std::filesystem::path dir = test::source_dir / "editors/vscode";
    const auto package = nlohmann::json::parse(test::read_text(dir / "package.json"));
    const auto& contributes = package.at("contributes");
    const auto& language = contributes.at("languages").at(0);
    CHECK(language.at("id") == "ingot");
    CHECK(language.at("extensions") == nlohmann::json::array({".plan", ".rules"}));
    const auto& grammar = contributes.at("grammars").at(0);
    CHECK(grammar.at("language") == "ingot");
    CHECK(grammar.at("scopeName") == "source.ingot");
    CHECK(dir / grammar.at("path").get<std::string>() == dir / "./syntaxes/ingot.tmLanguage.json");
    CHECK(std::filesystem::is_regular_file(dir / language.at("configuration").get<std::string>()));
    CHECK(contributes.at("configuration").at("properties").at("ingot.path").at("default") ==
          "ingot");
    CHECK(package.at("dependencies").contains("vscode-languageclient"));
    CHECK(std::filesystem::is_regular_file(dir / package.at("main").get<std::string>()));
    // The extension starts the server as `ingot lsp`.
    CHECK(test::read_text(dir / "extension.js").find("args: ['lsp']") != std::string::npos);

    const auto configuration =
        nlohmann::json::parse(test::read_text(dir / "language-configuration.json"));
    CHECK(configuration.at("comments").at("lineComment") == "#");
}
