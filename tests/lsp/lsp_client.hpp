// An in-memory client of the language server (cli/lsp/server.hpp) for the protocol tests: it
// frames what it sends, feeds the server, and parses the framed messages the server writes.
#pragma once

#include "lsp/server.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace ingot::test {

class LspClient {
public:
    LspClient()
        : server_([this](std::string_view m) { output_.append(m); },
                  [this](std::string_view line) { log.emplace_back(line); }) {}

    /// Sends `message` in one piece at the client's current time.
    void send(const nlohmann::json& message) { send_raw(cli::lsp::frame(message)); }
    void send_raw(std::string_view bytes) { server_.receive(bytes, now); }

    void request(int id, const std::string& method,
                 nlohmann::json params = nlohmann::json::object()) {
        send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    }
    void notify(const std::string& method, nlohmann::json params = nlohmann::json::object()) {
        send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
    }
    /// initialize + initialized; returns the initialize result.
    nlohmann::json initialize(nlohmann::json params = nlohmann::json::object()) {
        if (!params.contains("capabilities")) {
            params["capabilities"] = nlohmann::json::object();
        }
        request(0, "initialize", params);
        const nlohmann::json reply = take_response(0);
        notify("initialized");
        return reply.at("result");
    }

    /// Opens the document at `path` with `text` (textDocument/didOpen, version 1).
    void open(const std::string& path, const std::string& text) {
        notify("textDocument/didOpen", {{"textDocument",
                                         {{"uri", cli::lsp::path_to_uri(path)},
                                          {"languageId", "ingot"},
                                          {"version", 1},
                                          {"text", text}}}});
    }
    /// initialize with `params`, then open `path`: the start of most feature tests.
    void start_with(const std::string& path, const std::string& text,
                    nlohmann::json params = nlohmann::json::object()) {
        initialize(std::move(params));
        open(path, text);
    }

    /// Advances the clock by `ms` and runs what is due.
    void advance(int ms) {
        now += std::chrono::milliseconds(ms);
        server_.tick(now);
    }

    /// Every message the server wrote since the last call, parsed; throws on broken framing.
    std::vector<nlohmann::json> take_all() {
        std::vector<nlohmann::json> out;
        while (!output_.empty()) {
            const std::size_t header_end = output_.find("\r\n\r\n");
            constexpr std::string_view key = "Content-Length: ";
            if (header_end == std::string::npos || !output_.starts_with(key)) {
                throw std::runtime_error("bad framing: " + output_.substr(0, 40));
            }
            const std::size_t length = std::stoul(output_.substr(key.size(), header_end));
            out.push_back(nlohmann::json::parse(output_.substr(header_end + 4, length)));
            output_.erase(0, header_end + 4 + length);
        }
        return out;
    }
    /// The response to request `id` among the messages written so far (others are dropped).
    nlohmann::json take_response(int id) {
        for (nlohmann::json& m : take_all()) {
            if (m.contains("id") && m["id"] == id && !m.contains("method")) {
                return m;
            }
        }
        throw std::runtime_error("no response to request " + std::to_string(id));
    }
    /// The publishDiagnostics notifications written so far (others are dropped).
    std::vector<nlohmann::json> take_diagnostics() {
        std::vector<nlohmann::json> out;
        for (nlohmann::json& m : take_all()) {
            if (m.value("method", "") == "textDocument/publishDiagnostics") {
                out.push_back(m["params"]);
            }
        }
        return out;
    }

    cli::lsp::Server& server() { return server_; }

    std::vector<std::string> log;
    cli::lsp::Clock::time_point now{};

private:
    std::string output_;
    cli::lsp::Server server_;
};

} // namespace ingot::test
