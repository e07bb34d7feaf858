// The language server's protocol, driven in memory (tests/lsp/lsp_client.hpp): framing,
// lifecycle, errors, cancellation, debouncing, and the requests on real plans.
#include "lsp/lsp_client.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using ingot::test::LspClient;
using ingot::test::TempDir;
using nlohmann::json;
namespace lsp = ingot::cli::lsp;

namespace {

const char* const misspelt_plan = "plan p {\n"
                                  "  title \"有色金属 plan\"\n"
                                  "  period 2025..2026\n"
                                  "  source A \"http://a\"\n"
                                  "  baseline output 2024 = 79.19 Mtt  [A]\n"
                                  "  target t: output grows 1 %/yr  [A]\n"
                                  "}\n";

json position_params(const std::string& path, int line, int character) {
    return {{"textDocument", {{"uri", lsp::path_to_uri(path)}}},
            {"position", {{"line", line}, {"character", character}}}};
}

} // namespace

TEST_CASE("lsp: a message read one byte at a time is answered once", "[lsp]") {
    LspClient client;
    const std::string bytes = lsp::frame({{"jsonrpc", "2.0"},
                                          {"id", 7},
                                          {"method", "initialize"},
                                          {"params", {{"capabilities", json::object()}}}});
    for (const char c : bytes) {
        client.send_raw(std::string_view(&c, 1));
    }
    const auto messages = client.take_all();
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["id"] == 7);
    CHECK(messages[0]["result"]["capabilities"]["positionEncoding"] == "utf-16");
    CHECK(messages[0]["result"]["capabilities"]["hoverProvider"] == true);
    CHECK(messages[0]["result"]["serverInfo"]["name"] == "ingot");
}

TEST_CASE("lsp: two messages in one read are both answered, in order", "[lsp]") {
    LspClient client;
    client.initialize();
    client.send_raw(lsp::frame({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "nope/a"}}) +
                    lsp::frame({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "nope/b"}}));
    const auto messages = client.take_all();
    REQUIRE(messages.size() == 2);
    CHECK(messages[0]["id"] == 1);
    CHECK(messages[1]["id"] == 2);
}

TEST_CASE("lsp: utf-8 positions when the client offers them, else utf-16", "[lsp]") {
    LspClient offers;
    const json caps = offers.initialize(
        {{"capabilities",
          {{"general", {{"positionEncodings", json::array({"utf-8", "utf-16"})}}}}}});
    CHECK(caps["capabilities"]["positionEncoding"] == "utf-8");
    LspClient silent;
    CHECK(silent.initialize()["capabilities"]["positionEncoding"] == "utf-16");
}

TEST_CASE("lsp: bad JSON gets a parse error and the server keeps running", "[lsp]") {
    LspClient client;
    client.initialize();
    client.send_raw("Content-Length: 9\r\n\r\n{\"id\": 1,");
    auto messages = client.take_all();
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["id"].is_null());
    CHECK(messages[0]["error"]["code"] == -32700);
    client.request(2, "shutdown");
    CHECK(client.take_response(2)["result"].is_null());
}

TEST_CASE("lsp: a header without Content-Length is skipped and logged", "[lsp]") {
    LspClient client;
    client.initialize();
    client.send_raw("Content-Type: x\r\n\r\n");
    client.request(3, "shutdown");
    CHECK(client.take_response(3).contains("result"));
    REQUIRE(client.log.size() == 1);
    CHECK(client.log[0] == "lsp: a message header without a valid Content-Length; skipped");
}

TEST_CASE("lsp: errors for unknown methods, early requests and non-requests", "[lsp]") {
    LspClient client;
    client.request(1, "textDocument/hover", position_params("/x.plan", 0, 0));
    CHECK(client.take_response(1)["error"]["code"] == -32002); // not initialized
    client.initialize();
    client.request(2, "textDocument/frobnicate", position_params("/x.plan", 0, 0));
    const json unknown = client.take_response(2);
    CHECK(unknown["error"]["code"] == -32601);
    CHECK(unknown["error"]["message"] == "no method `textDocument/frobnicate`");
    client.send(json::array({1, 2}));
    const auto messages = client.take_all();
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["error"]["code"] == -32600);
    client.request(4, "textDocument/hover", position_params("/not/open.plan", 0, 0));
    CHECK(client.take_response(4)["error"]["code"] == -32602);
    client.request(5, "textDocument/hover", {{"textDocument", 3}});
    CHECK(client.take_response(5)["error"]["code"] == -32602);
}

TEST_CASE("lsp: a request cancelled before it is answered gets -32800", "[lsp]") {
    LspClient client;
    client.initialize();
    client.send_raw(
        lsp::frame({{"jsonrpc", "2.0"}, {"id", 9}, {"method", "shutdown"}}) +
        lsp::frame({{"jsonrpc", "2.0"}, {"method", "$/cancelRequest"}, {"params", {{"id", 9}}}}));
    const auto messages = client.take_all();
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["id"] == 9);
    CHECK(messages[0]["error"]["code"] == -32800);
    CHECK_FALSE(client.server().exited());
    // Cancelling what was already answered does nothing.
    client.notify("$/cancelRequest", {{"id", 9}});
    CHECK(client.take_all().empty());
}

TEST_CASE("lsp: exit after shutdown is 0, without it 1", "[lsp]") {
    LspClient polite;
    polite.initialize();
    polite.request(1, "shutdown");
    polite.request(2, "textDocument/hover", position_params("/x.plan", 0, 0));
    CHECK(polite.take_response(2)["error"]["code"] == -32600); // after shutdown
    polite.notify("exit");
    CHECK(polite.server().exited());
    CHECK(polite.server().exit_code() == 0);

    LspClient abrupt;
    abrupt.initialize();
    abrupt.notify("exit");
    CHECK(abrupt.server().exited());
    CHECK(abrupt.server().exit_code() == 1);
    CHECK(abrupt.server().exit_code_at_end_of_input() == 1);
}

TEST_CASE("lsp: diagnostics on open, and on change only after the debounce", "[lsp]") {
    TempDir dir;
    const std::string path = dir.write("p.plan", misspelt_plan);
    LspClient client;
    client.start_with(path, misspelt_plan);
    auto published = client.take_diagnostics();
    REQUIRE(published.size() == 1);
    CHECK(published[0]["uri"] == lsp::path_to_uri(path));
    REQUIRE(published[0]["diagnostics"].size() == 1);
    const json d = published[0]["diagnostics"][0];
    CHECK(d["code"] == "unknown-name");
    CHECK(d["severity"] == 1);
    CHECK(d["source"] == "ingot");
    CHECK(d["message"] ==
          "unknown unit `Mtt`; did you mean `Mt`? `Mt` is 10⁶ t\nnot a unit Ingot knows\n"
          "help: see docs/checks.md for the units Ingot knows");
    CHECK(d["range"] == json{{"start", {{"line", 4}, {"character", 31}}},
                             {"end", {{"line", 4}, {"character", 34}}}});

    // Fix the unit by an incremental change: nothing is published until 150 ms pass.
    client.notify("textDocument/didChange",
                  {{"textDocument", {{"uri", lsp::path_to_uri(path)}, {"version", 2}}},
                   {"contentChanges", json::array({{{"range",
                                                     {{"start", {{"line", 4}, {"character", 33}}},
                                                      {"end", {{"line", 4}, {"character", 34}}}}},
                                                    {"text", ""}}})}});
    CHECK(client.take_diagnostics().empty());
    client.advance(149);
    CHECK(client.take_diagnostics().empty());
    client.advance(1);
    published = client.take_diagnostics();
    REQUIRE(published.size() == 1);
    CHECK(published[0]["version"] == 2);
    CHECK(published[0]["diagnostics"].empty());
    CHECK_FALSE(client.server().next_deadline());
}

TEST_CASE("lsp: the debounce interval comes from initializationOptions", "[lsp]") {
    TempDir dir;
    const std::string path = dir.write("p.plan", misspelt_plan);
    LspClient client;
    client.start_with(path, misspelt_plan, {{"initializationOptions", {{"debounceMs", 20}}}});
    client.take_all();
    client.notify("textDocument/didChange",
                  {{"textDocument", {{"uri", lsp::path_to_uri(path)}, {"version", 2}}},
                   {"contentChanges", json::array({{{"text", "plan q {\n}\n"}}})}});
    client.advance(19);
    CHECK(client.take_diagnostics().empty());
    client.advance(1);
    CHECK(client.take_diagnostics().size() == 1);
}

TEST_CASE("lsp: a request about a changed document sees the change at once", "[lsp]") {
    TempDir dir;
    const std::string path = dir.write("p.plan", misspelt_plan);
    LspClient client;
    client.start_with(path, misspelt_plan);
    client.notify("textDocument/didChange",
                  {{"textDocument", {{"uri", lsp::path_to_uri(path)}, {"version", 2}}},
                   {"contentChanges", json::array({{{"text", "plan renamed {\n}\n"}}})}});
    client.take_all();
    client.request(1, "textDocument/hover", position_params(path, 0, 6));
    const auto messages = client.take_all();
    REQUIRE(messages.size() == 2); // the diagnostics of the new text, then the answer
    CHECK(messages[0]["method"] == "textDocument/publishDiagnostics");
    CHECK(messages[1]["result"]["contents"]["value"].get<std::string>().starts_with(
        "**plan renamed**"));
}

TEST_CASE("lsp: a broken buffer and broken parameters never stop the server", "[lsp]") {
    TempDir dir;
    const std::string path = dir.write("p.plan", "");
    LspClient client;
    client.start_with(path, "plan {{{ \xff\xfe target ::: \"unterminated");
    auto published = client.take_diagnostics();
    REQUIRE(published.size() == 1);
    CHECK_FALSE(published[0]["diagnostics"].empty());
    client.notify("textDocument/didChange", {{"textDocument", {{"uri", 5}}}});
    CHECK(client.log.back().starts_with("lsp: textDocument/didChange: bad parameters:"));
    for (int line = 0; line < 3; ++line) {
        client.request(10 + line, "textDocument/hover", position_params(path, line, 400));
        CHECK(client.take_response(10 + line).contains("result"));
    }
    client.request(
        20, "textDocument/formatting",
        {{"textDocument", {{"uri", lsp::path_to_uri(path)}}}, {"options", json::object()}});
    CHECK(client.take_response(20)["result"].is_null()); // syntax errors: nothing to format
}

TEST_CASE("lsp: positions convert in UTF-16 and UTF-8 over Chinese text", "[lsp]") {
    // 有 and 色 are 3 bytes in UTF-8 and 1 unit in UTF-16; 𝄞 is 4 bytes and a surrogate pair.
    const std::string text = "a\n  title \"有色𝄞x\"\r\nz";
    const auto x = static_cast<std::uint32_t>(text.find('x'));
    CHECK(lsp::to_position(text, x, lsp::Encoding::utf16) == lsp::Position{1, 13});
    CHECK(lsp::to_position(text, x, lsp::Encoding::utf8) == lsp::Position{1, 19});
    CHECK(lsp::to_offset(text, {1, 13}, lsp::Encoding::utf16) == x);
    CHECK(lsp::to_offset(text, {1, 19}, lsp::Encoding::utf8) == x);
    // Inside the surrogate pair: the start of 𝄞.
    CHECK(lsp::to_offset(text, {1, 12}, lsp::Encoding::utf16) == x - 4);
    // Past the end of a line: its end, before \r\n; the line after \r\n starts after both.
    CHECK(lsp::to_offset(text, {1, 99}, lsp::Encoding::utf16) == text.find('\r'));
    CHECK(lsp::to_offset(text, {2, 0}, lsp::Encoding::utf16) == text.find('z'));
    CHECK(lsp::to_position(text, static_cast<std::uint32_t>(text.find('z')),
                           lsp::Encoding::utf16) == lsp::Position{2, 0});
    CHECK(lsp::uri_to_path("file:///tmp/a%20b/%E6%9C%89.plan") == "/tmp/a b/有.plan");
    CHECK(lsp::path_to_uri("/tmp/a b/有.plan") == "file:///tmp/a%20b/%E6%9C%89.plan");
    CHECK(lsp::uri_to_path("untitled:1").empty());
}

TEST_CASE("lsp: the diagnostic range counts UTF-16 units after Chinese text", "[lsp]") {
    TempDir dir;
    const std::string text = "plan p {\n  title \"有色金属\"  [Q]\n}\n";
    const std::string path = dir.write("p.plan", text);
    for (const bool utf8 : {false, true}) {
        LspClient client;
        json caps = json::object();
        if (utf8) {
            caps = {{"general", {{"positionEncodings", json::array({"utf-8"})}}}};
        }
        client.start_with(path, text, {{"capabilities", caps}});
        const auto published = client.take_diagnostics();
        REQUIRE(published.size() == 1);
        json found;
        for (const json& d : published[0]["diagnostics"]) {
            if (d["code"] == "unknown-name") {
                found = d; // the unknown source `Q`
            }
        }
        REQUIRE_FALSE(found.is_null());
        // `Q` is after `  title "有色金属"  [`: 17 UTF-16 units, 25 bytes.
        CHECK(found["range"]["start"] == json{{"line", 1}, {"character", utf8 ? 25 : 17}});
    }
}

TEST_CASE("lsp: hover on the nonferrous value-added target shows the implied unit value growth",
          "[lsp]") {
    const std::string path = (ingot::test::source_dir / "plans" / "nonferrous-2025.plan").string();
    const std::string text = ingot::test::read_text(path);
    LspClient client;
    client.start_with(path, text);
    client.take_all();
    // Line 40 (0-based 39): `    target iva: value_added grows ~5 %/yr`; `iva` starts at column 11.
    client.request(1, "textDocument/hover", position_params(path, 39, 12));
    const std::string md = client.take_response(1)["result"]["contents"]["value"];
    CHECK(md.starts_with("**target iva**: value_added\n\n**nonferrous_2025.value_added** — "
                         "industrial value added (CNY)"));
    CHECK(md.find("| 2025 | unknown | 5 %/yr (4.5 … 5.5 %/yr) |") != std::string::npos);
    CHECK(md.find("- info[implied]: `unit_value` must grow 3.45 %/yr (2.8 … 4.09 %/yr) for the "
                  "figures to hold") != std::string::npos);

    // Definition of the scope `metals` in `output(metals)` on line 41: its declaration on line 34.
    client.request(2, "textDocument/definition", position_params(path, 40, 31));
    const json scope = client.take_response(2)["result"];
    CHECK(scope["uri"] == lsp::path_to_uri(path));
    CHECK(scope["range"]["start"] == json{{"line", 33}, {"character", 8}});
}

TEST_CASE("lsp: definition of a metric lands on its declaration in another file", "[lsp]") {
    const std::string path = (ingot::test::source_dir / "plans" / "nonferrous-2025.plan").string();
    const std::string text = ingot::test::read_text(path);
    LspClient client;
    client.start_with(path, text);
    client.take_all();
    // Line 47: `    target recycled: recycled_output reaches > 20 Mt by 2026`
    client.request(1, "textDocument/definition", position_params(path, 46, 22));
    const json loc = client.take_response(1)["result"];
    CHECK(
        loc["uri"] ==
        lsp::path_to_uri((ingot::test::source_dir / "plans" / "rules" / "analyst.rules").string()));
    CHECK(loc["range"] == json{{"start", {{"line", 5}, {"character", 7}}},
                               {"end", {{"line", 5}, {"character", 22}}}});

    client.request(2, "textDocument/references",
                   {{"textDocument", {{"uri", lsp::path_to_uri(path)}}},
                    {"position", {{"line", 46}, {"character", 22}}},
                    {"context", {{"includeDeclaration", false}}}});
    const json refs = client.take_response(2)["result"];
    std::vector<int> lines;
    for (const json& r : refs) {
        if (r["uri"] == lsp::path_to_uri(path)) {
            lines.push_back(r["range"]["start"]["line"]);
        }
    }
    CHECK(lines == std::vector<int>{36, 46, 47});
}

TEST_CASE("lsp: a code action applies the did-you-mean fix of a misspelt unit", "[lsp]") {
    TempDir dir;
    const std::string path = dir.write("p.plan", misspelt_plan);
    LspClient client;
    client.start_with(path, misspelt_plan);
    client.take_all();
    client.request(
        1, "textDocument/codeAction",
        {{"textDocument", {{"uri", lsp::path_to_uri(path)}}},
         {"range",
          {{"start", {{"line", 4}, {"character", 0}}}, {"end", {{"line", 4}, {"character", 0}}}}},
         {"context", {{"diagnostics", json::array()}}}});
    const json actions = client.take_response(1)["result"];
    REQUIRE(actions.size() == 2);
    CHECK(actions[0]["title"] == "replace `Mtt` with `Mt`");
    CHECK(actions[0]["edit"]["changes"][lsp::path_to_uri(path)] ==
          json::array({{{"range",
                         {{"start", {{"line", 4}, {"character", 31}}},
                          {"end", {{"line", 4}, {"character", 34}}}}},
                        {"newText", "Mt"}}}));
    CHECK(actions[1]["title"] == "allow `unknown-name` here (with a reason)");
    CHECK(actions[1]["edit"]["changes"][lsp::path_to_uri(path)][0]["newText"] ==
          "  # ingot: allow(unknown-name) REASON: why it does not apply\n");
}

TEST_CASE("lsp: formatting returns the formatter's text as one edit", "[lsp]") {
    TempDir dir;
    const std::string text = "plan p {\n period 2025..2026\n}\n";
    const std::string path = dir.write("p.plan", text);
    LspClient client;
    client.start_with(path, text);
    client.take_all();
    client.request(
        1, "textDocument/formatting",
        {{"textDocument", {{"uri", lsp::path_to_uri(path)}}}, {"options", json::object()}});
    const json edits = client.take_response(1)["result"];
    REQUIRE(edits.size() == 1);
    CHECK(edits[0]["newText"] == *ingot::format_source(path, text).text);
    CHECK(edits[0]["newText"] == "plan p {\n  period 2025..2026\n}\n");
    CHECK(edits[0]["range"]["end"] == json{{"line", 3}, {"character", 0}});
}

TEST_CASE("lsp: document symbols nest plan, focuses and targets", "[lsp]") {
    const std::string path = (ingot::test::source_dir / "plans" / "nonferrous-2025.plan").string();
    LspClient client;
    client.start_with(path, ingot::test::read_text(path));
    client.take_all();
    client.request(1, "textDocument/documentSymbol",
                   {{"textDocument", {{"uri", lsp::path_to_uri(path)}}}});
    const json symbols = client.take_response(1)["result"];
    REQUIRE(symbols.size() == 1);
    CHECK(symbols[0]["name"] == "nonferrous_2025");
    json value_chain;
    for (const json& c : symbols[0]["children"]) {
        if (c["name"] == "value_chain") {
            value_chain = c;
        }
    }
    REQUIRE(value_chain["children"].size() == 2);
    CHECK(value_chain["children"][0]["name"] == "iva");
    CHECK(value_chain["children"][1]["name"] == "ten_metals");

    client.request(2, "textDocument/foldingRange",
                   {{"textDocument", {{"uri", lsp::path_to_uri(path)}}}});
    const json folds = client.take_response(2)["result"];
    REQUIRE_FALSE(folds.empty());
    CHECK(folds[0] == json{{"startLine", 10}, {"endLine", 121}});
}

TEST_CASE("lsp: completion offers units after a number, metrics with their units", "[lsp]") {
    TempDir dir;
    const std::string text = "plan p {\n  baseline output 2024 = 5 \n}\n";
    const std::string path = dir.write("p.plan", text);
    LspClient client;
    client.start_with(path, text);
    client.take_all();
    client.request(1, "textDocument/completion", position_params(path, 1, 27));
    const json items = client.take_response(1)["result"]["items"];
    std::map<std::string, json> by_label;
    for (const json& i : items) {
        by_label[i["label"]] = i;
    }
    REQUIRE(by_label.contains("Mt"));
    CHECK(by_label["Mt"]["detail"] == "unit");
    CHECK(by_label["Mt"]["sortText"] == "0Mt");
    CHECK(by_label["bn"]["detail"] == "scale word");
    CHECK(by_label["value_added"]["detail"] == "metric, CNY — industrial value added");
    CHECK_FALSE(by_label.contains("target")); // no keywords after a number
}

TEST_CASE("lsp: signature help names the function and the argument at the cursor", "[lsp]") {
    TempDir dir;
    const std::string text =
        "rule r: info {\n  require max(growth(output, 2025), 1 %/yr) > 0 %/yr\n}\n";
    const std::string path = dir.write("r.rules", text);
    LspClient client;
    client.start_with(path, text);
    client.take_all();
    // After `growth(output, `: the second parameter of growth.
    const auto column = static_cast<int>(std::string("  require max(growth(output, 2").size());
    client.request(1, "textDocument/signatureHelp", position_params(path, 1, column));
    const json help = client.take_response(1)["result"];
    CHECK(help["signatures"][0]["label"] == "growth(METRIC[, YEAR])");
    CHECK(help["signatures"][0]["parameters"] ==
          json::array({{{"label", "METRIC"}}, {{"label", "YEAR"}}}));
    CHECK(help["activeParameter"] == 1);
    // After the closing parenthesis of growth: back in max, its second argument.
    const auto in_max =
        static_cast<int>(std::string("  require max(growth(output, 2025), 1").size());
    client.request(2, "textDocument/signatureHelp", position_params(path, 1, in_max));
    const json outer = client.take_response(2)["result"];
    CHECK(outer["signatures"][0]["label"] == "max(A, B, …)");
    CHECK(outer["activeParameter"] == 1);
    client.request(3, "textDocument/signatureHelp", position_params(path, 0, 3));
    CHECK(client.take_response(3)["result"].is_null());
}

TEST_CASE("lsp: hover on a unit word says what it means", "[lsp]") {
    TempDir dir;
    const std::string text =
        "plan p {\n  baseline output 2024 = 79.19 Mt\n  baseline revenue 2024 = 3 bn CNY\n}\n";
    const std::string path = dir.write("p.plan", text);
    LspClient client;
    client.start_with(path, text);
    client.take_all();
    client.request(1, "textDocument/hover", position_params(path, 1, 33));
    const json mt = client.take_response(1)["result"];
    CHECK(mt["contents"]["value"] == "**unit `Mt`**: a mass — 1 Mt is 1000000 of its base unit");
    CHECK(mt["range"] == json{{"start", {{"line", 1}, {"character", 31}}},
                              {"end", {{"line", 1}, {"character", 33}}}});
    client.request(2, "textDocument/hover", position_params(path, 2, 29));
    CHECK(client.take_response(2)["result"]["contents"]["value"] ==
          "**scale word `bn`**: × 1000000000 before a unit (`bn t`, `bn CNY`)");
}

TEST_CASE("lsp: an uncited target gets an allow action and a citation placeholder", "[lsp]") {
    TempDir dir;
    const std::string text = "plan p {\n  period 2025..2026\n  target t: output grows 1 %/yr\n}\n";
    const std::string path = dir.write("p.plan", text);
    LspClient client;
    client.start_with(path, text);
    client.take_all();
    client.request(
        1, "textDocument/codeAction",
        {{"textDocument", {{"uri", lsp::path_to_uri(path)}}},
         {"range",
          {{"start", {{"line", 2}, {"character", 5}}}, {"end", {{"line", 2}, {"character", 5}}}}},
         {"context", {{"diagnostics", json::array()}}}});
    const json actions = client.take_response(1)["result"];
    REQUIRE(actions.size() == 2);
    const std::string uri = lsp::path_to_uri(path);
    CHECK(actions[0]["title"] == "allow `uncited` here (with a reason)");
    CHECK(actions[0]["diagnostics"][0]["code"] == "uncited");
    CHECK(actions[0]["edit"]["changes"][uri][0] ==
          json{{"range",
                {{"start", {{"line", 2}, {"character", 0}}},
                 {"end", {{"line", 2}, {"character", 0}}}}},
               {"newText", "  # ingot: allow(uncited) REASON: why it does not apply\n"}});
    CHECK(actions[1]["title"] == "add a citation placeholder");
    CHECK(actions[1]["edit"]["changes"][uri][0] ==
          json{{"range",
                {{"start", {{"line", 2}, {"character", 31}}},
                 {"end", {{"line", 2}, {"character", 31}}}}},
               {"newText", "  [SOURCE: \"quoted words\"]"}});
    // Elsewhere (line 0): nothing to do.
    client.request(
        2, "textDocument/codeAction",
        {{"textDocument", {{"uri", uri}}},
         {"range",
          {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
         {"context", {{"diagnostics", json::array()}}}});
    CHECK(client.take_response(2)["result"].empty());
}

TEST_CASE("lsp: hover on a citation shows the source and the quote, on a metric its meaning",
          "[lsp]") {
    const std::string path = (ingot::test::source_dir / "plans" / "nonferrous-2025.plan").string();
    LspClient client;
    client.start_with(path, ingot::test::read_text(path));
    client.take_all();
    // Line 40: `    target iva: value_added grows ~5 %/yr              [ILK: "年均增长5%左右"]`
    client.request(1, "textDocument/hover", position_params(path, 39, 57));
    CHECK(client.take_response(1)["result"]["contents"]["value"] ==
          "**source ILK** <http://www.ilinki.net/news/detail/73247>\n\n> 年均增长5%左右");
    client.request(2, "textDocument/hover", position_params(path, 39, 17));
    const std::string metric = client.take_response(2)["result"]["contents"]["value"];
    CHECK(metric.starts_with("**metric value_added** — industrial value added — unit `CNY`, also "
                             "known as `iva`\n\nDeclared by the prelude (built in).\n\n---\n\n"
                             "**nonferrous_2025.value_added**"));
}

TEST_CASE("lsp: hover on the citation of an actual shows the quote", "[lsp]") {
    const std::string path =
        (ingot::test::source_dir / "plans" / "predecessors" / "nonferrous-2023.plan").string();
    LspClient client;
    client.start_with(path, ingot::test::read_text(path));
    client.take_all();
    // Line 46: `  actual value_added growth 2024 = 8.9 %     [INT_NF: "In 2024, …"]`
    client.request(1, "textDocument/hover", position_params(path, 45, 48));
    const std::string hover = client.take_response(1)["result"]["contents"]["value"];
    CHECK(hover.starts_with("**source INT_NF** <https://arabic.profiles-aluminum.com/"));
    CHECK(hover.ends_with("\n\n> In 2024, the added value of the large-scale non-ferrous metals "
                          "industry increased by 8.9% year-on-year, 3.1 percentage points higher "
                          "than the average growth rate of the industrial sector."));
}

TEST_CASE("lsp: the project's ingot.toml sets the checks and the rulebooks", "[lsp]") {
    const std::string plan = "plan p {\n  period 2025..2026\n  target t: widgets grows 1 %/yr\n}\n";
    const auto codes = [&](const TempDir& dir) {
        const std::string path = dir.write("sub/p.plan", plan);
        LspClient client;
        client.start_with(path, plan);
        std::vector<std::string> out;
        const auto published = client.take_diagnostics(); // kept: the loop reads into it
        for (const json& d : published.at(0)["diagnostics"]) {
            out.push_back(d["code"]);
        }
        return out;
    };
    TempDir bare;
    CHECK(codes(bare) == std::vector<std::string>{"uncited", "unknown-name"});
    TempDir project;
    project.write("ingot.toml", "ignore = [\"uncited\"]\nrules = [\"m.rules\"]\n");
    project.write("m.rules", "metric widgets \"widgets\" unit t\n");
    CHECK(codes(project).empty());
}
