// `ingot lsp` as a process: the loop around the protocol (cli/lsp/command.cpp) reads standard
// input to its end, writes only framed messages to standard output, logs to standard error, and
// exits 0 after shutdown and exit, 1 otherwise.
#include "lsp/server.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using nlohmann::json;
namespace lsp = ingot::cli::lsp;

namespace {

std::string request(int id, const std::string& method) {
    return lsp::frame(
        {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", json::object()}});
}

std::string notification(const std::string& method) {
    return lsp::frame({{"jsonrpc", "2.0"}, {"method", method}});
}

} // namespace

TEST_CASE("ingot lsp exits 0 after shutdown and exit, with only messages on stdout", "[lsp]") {
    const auto r = ingot::test::run_ingot("lsp", ingot::test::source_dir,
                                          request(1, "initialize") + notification("initialized") +
                                              request(2, "shutdown") + notification("exit"));
    CHECK(r.exit_code == 0);
    REQUIRE(r.out.starts_with("Content-Length: "));
    const std::string shutdown_reply =
        lsp::frame({{"id", 2}, {"jsonrpc", "2.0"}, {"result", nullptr}});
    CHECK(r.out.ends_with(shutdown_reply));
    CHECK(r.err == "ingot lsp " + std::string(ingot::version()) +
                       ": reading LSP messages on standard input\n");
}

TEST_CASE("ingot lsp exits 1 on exit without shutdown, and at the end of input", "[lsp]") {
    const auto abrupt = ingot::test::run_ingot("lsp", ingot::test::source_dir,
                                               request(1, "initialize") + notification("exit"));
    CHECK(abrupt.exit_code == 1);
    const auto ended =
        ingot::test::run_ingot("lsp", ingot::test::source_dir, request(1, "initialize"));
    CHECK(ended.exit_code == 1);
    CHECK(ended.err.ends_with("ingot lsp: standard input ended without `exit`\n"));
    const auto garbage = ingot::test::run_ingot("lsp", ingot::test::source_dir,
                                                "Content-Length: 3\r\n\r\n{{{" +
                                                    request(2, "shutdown") + notification("exit"));
    CHECK(garbage.exit_code == 1); // the shutdown came before initialize: refused
    CHECK(garbage.out.find("\"code\":-32700") != std::string::npos);
    CHECK(garbage.out.find("\"code\":-32002") != std::string::npos);
}
