#include "lsp/server.hpp"

#include "lsp/features.hpp"
#include "project.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <set>

namespace ingot::cli::lsp {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// JSON-RPC and LSP error codes.
constexpr int parse_error = -32700;
constexpr int invalid_request = -32600;
constexpr int method_not_found = -32601;
constexpr int invalid_params = -32602;
constexpr int internal_error = -32603;
constexpr int server_not_initialized = -32002;
constexpr int request_cancelled = -32800;

/// A request the handler refuses with an error response.
struct RequestError {
    int code;
    std::string message;
};

} // namespace

std::string frame(const json& message) {
    const std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
    return fmt::format("Content-Length: {}\r\n\r\n{}", body.size(), body);
}

struct Server::State {
    std::function<void(std::string_view)> write;
    std::function<void(std::string_view)> log;

    std::string input; // bytes received, not yet a complete message
    enum class Phase { uninitialized, running, shut_down, exited } phase = Phase::uninitialized;
    int exit_code = 1;

    Encoding encoding = Encoding::utf16;
    Clock::duration debounce = std::chrono::milliseconds(150);

    Documents documents;
    /// Documents changed since their last analysis, with the time it is due.
    std::map<std::string, Clock::time_point> pending;

    void send(const json& message) { write(frame(message)); }
    void respond(const json& id, json result) {
        send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
    }
    void respond_error(const json& id, int code, const std::string& message) {
        send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
    }
    void notify(const std::string& method, json params) {
        send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
    }

    // ---- framing --------------------------------------------------------------------------

    /// Takes every complete message out of `input`: bodies as text, in order.
    std::vector<std::string> take_messages() {
        std::vector<std::string> out;
        for (;;) {
            const std::size_t header_end = input.find("\r\n\r\n");
            if (header_end == std::string::npos) {
                if (input.size() >
                    std::size_t{64} * 1024) { // no header is this long: garbage, drop it
                    log("lsp: dropped 64 KiB of input without a message header");
                    input.clear();
                }
                return out;
            }
            std::optional<std::size_t> length;
            std::size_t at = 0;
            const std::string_view headers(input.data(), header_end);
            while (at <= headers.size()) {
                const std::size_t eol = std::min(headers.find("\r\n", at), headers.size());
                const std::string_view line = headers.substr(at, eol - at);
                constexpr std::string_view key = "content-length:";
                if (line.size() > key.size()) {
                    std::string lower(line.substr(0, key.size()));
                    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
                        return static_cast<char>(std::tolower(c));
                    });
                    if (lower == key) {
                        std::string_view value = line.substr(key.size());
                        while (!value.empty() && value.front() == ' ') {
                            value.remove_prefix(1);
                        }
                        std::size_t n = 0;
                        bool ok = !value.empty() && value.size() <= 9;
                        for (const char c : value) {
                            ok = ok && c >= '0' && c <= '9';
                            n = n * 10 + static_cast<std::size_t>(c - '0');
                        }
                        if (ok) {
                            length = n;
                        }
                    }
                }
                at = eol + 2;
            }
            if (!length) {
                log("lsp: a message header without a valid Content-Length; skipped");
                input.erase(0, header_end + 4);
                continue;
            }
            if (input.size() < header_end + 4 + *length) {
                return out; // the body is still coming
            }
            out.push_back(input.substr(header_end + 4, *length));
            input.erase(0, header_end + 4 + *length);
        }
    }

    // ---- dispatch ---------------------------------------------------------------------------

    void receive(std::string_view bytes, Clock::time_point now) {
        input.append(bytes);
        std::vector<json> batch;
        for (const std::string& body : take_messages()) {
            try {
                batch.push_back(json::parse(body));
            } catch (const json::exception& e) {
                log(fmt::format("lsp: a message that is not JSON: {}", e.what()));
                respond_error(nullptr, parse_error, fmt::format("not JSON: {}", e.what()));
            }
        }
        // Cancellations first: a request cancelled in the same piece of input is never run.
        std::set<std::string> cancelled;
        for (const json& m : batch) {
            if (m.is_object() && m.value("method", "") == "$/cancelRequest" &&
                m.contains("params") && m["params"].is_object() && m["params"].contains("id")) {
                cancelled.insert(m["params"]["id"].dump());
            }
        }
        for (json& m : batch) {
            if (phase == Phase::exited) {
                return;
            }
            if (m.is_object() && m.contains("id") && m.contains("method") &&
                cancelled.contains(m["id"].dump())) {
                respond_error(m["id"], request_cancelled, "request cancelled");
                continue;
            }
            handle(m, now);
        }
    }

    void handle(json& m, Clock::time_point now) {
        if (!m.is_object() || !m.contains("method") || !m["method"].is_string()) {
            if (m.is_object() && (m.contains("result") || m.contains("error"))) {
                return; // a response to a request of ours (we send none that wait)
            }
            const json id = m.is_object() && m.contains("id") ? m["id"] : json(nullptr);
            respond_error(id, invalid_request, "not a JSON-RPC request or notification");
            return;
        }
        const std::string method = m["method"];
        const bool is_request = m.contains("id");
        const json id = is_request ? m["id"] : json(nullptr);
        json params = m.contains("params") ? m["params"] : json::object();
        try {
            if (method == "exit") {
                exit_code = phase == Phase::shut_down ? 0 : 1;
                phase = Phase::exited;
                return;
            }
            if (phase == Phase::uninitialized && method != "initialize") {
                if (is_request) {
                    respond_error(id, server_not_initialized, "the server is not initialized");
                }
                return;
            }
            if (phase == Phase::shut_down) {
                if (is_request) {
                    respond_error(id, invalid_request, "the server is shut down");
                }
                return;
            }
            if (is_request) {
                json result = request(method, params, now);
                respond(id, std::move(result));
            } else {
                notification(method, params, now);
            }
        } catch (const RequestError& e) {
            if (is_request) {
                respond_error(id, e.code, e.message);
            }
        } catch (const json::exception& e) {
            log(fmt::format("lsp: {}: bad parameters: {}", method, e.what()));
            if (is_request) {
                respond_error(id, invalid_params, fmt::format("bad parameters: {}", e.what()));
            }
        } catch (const std::exception& e) {
            log(fmt::format("lsp: {}: internal error: {}", method, e.what()));
            if (is_request) {
                respond_error(id, internal_error, e.what());
            }
        }
    }

    json request(const std::string& method, const json& params, Clock::time_point now) {
        if (method == "initialize") {
            return initialize(params);
        }
        if (method == "shutdown") {
            phase = Phase::shut_down;
            return nullptr;
        }
        if (!method.starts_with("textDocument/") && !method.starts_with("workspace/")) {
            throw RequestError{method_not_found, fmt::format("no method `{}`", method)};
        }
        const Feature* feature = find_feature(method);
        if (!feature) {
            throw RequestError{method_not_found, fmt::format("no method `{}`", method)};
        }
        const std::string uri = params.at("textDocument").at("uri");
        Document* doc = documents.find(uri);
        if (!doc) {
            throw RequestError{invalid_params, fmt::format("`{}` is not open", uri)};
        }
        if (pending.erase(uri) != 0) {
            analyse(*doc, now); // the request must see the text as it is now
        }
        return feature->handle(*doc, params, FeatureContext{encoding, documents});
    }

    json initialize(const json& params) {
        if (phase != Phase::uninitialized) {
            throw RequestError{invalid_request, "initialize was already received"};
        }
        phase = Phase::running;
        encoding = Encoding::utf16;
        if (params.contains("capabilities")) {
            const json& caps = params["capabilities"];
            if (caps.contains("general") && caps["general"].contains("positionEncodings")) {
                for (const json& e : caps["general"]["positionEncodings"]) {
                    if (e == "utf-8") {
                        encoding = Encoding::utf8;
                    }
                }
            }
        }
        if (params.contains("initializationOptions") &&
            params["initializationOptions"].is_object()) {
            const json& o = params["initializationOptions"];
            if (o.contains("debounceMs") && o["debounceMs"].is_number_unsigned()) {
                debounce = std::chrono::milliseconds(o["debounceMs"].get<unsigned>());
            }
        }
        json caps = capabilities();
        caps["positionEncoding"] = encoding == Encoding::utf8 ? "utf-8" : "utf-16";
        return {{"capabilities", caps},
                {"serverInfo", {{"name", "ingot"}, {"version", std::string(ingot::version())}}}};
    }

    void notification(const std::string& method, const json& params, Clock::time_point now) {
        if (method == "initialized" || method == "$/cancelRequest" || method == "$/setTrace" ||
            method == "workspace/didChangeConfiguration" ||
            method == "workspace/didChangeWatchedFiles" || method == "textDocument/didSave") {
            return;
        }
        if (method == "textDocument/didOpen") {
            const json& td = params.at("textDocument");
            const std::string uri = td.at("uri");
            const std::string path = uri_to_path(uri);
            if (path.empty()) {
                log(fmt::format("lsp: `{}` is not a file: URI; not analysed", uri));
                return;
            }
            Document& doc = documents.open(uri, path, td.at("text"), td.value("version", 0LL));
            analyse(doc, now);
            return;
        }
        if (method == "textDocument/didChange") {
            const std::string uri = params.at("textDocument").at("uri");
            Document* doc = documents.find(uri);
            if (!doc) {
                log(fmt::format("lsp: didChange of `{}`, which is not open", uri));
                return;
            }
            doc->version = params["textDocument"].value("version", doc->version);
            for (const json& change : params.at("contentChanges")) {
                if (change.contains("range")) {
                    const json& r = change["range"];
                    const auto pos = [&](const json& p) {
                        return to_offset(doc->text, {p.at("line"), p.at("character")}, encoding);
                    };
                    const std::uint32_t begin = pos(r.at("start"));
                    const std::uint32_t end = std::max(begin, pos(r.at("end")));
                    doc->text.replace(begin, end - begin, change.at("text").get<std::string>());
                } else {
                    doc->text = change.at("text");
                }
            }
            pending[uri] = now + debounce;
            return;
        }
        if (method == "textDocument/didClose") {
            const std::string uri = params.at("textDocument").at("uri");
            pending.erase(uri);
            if (Document* doc = documents.find(uri)) {
                const std::string root = doc->root;
                documents.close(uri);
                notify("textDocument/publishDiagnostics",
                       {{"uri", uri}, {"diagnostics", json::array()}});
                // The project's other open documents now see the file as it is on disk.
                for (Document* other : documents.in_root(root)) {
                    analyse(*other, now);
                    break; // one analysis publishes for all of them
                }
            }
            return;
        }
        if (!method.starts_with("$/")) {
            log(fmt::format("lsp: ignored notification `{}`", method));
        }
    }

    /// Analyses the project of `doc` and publishes the diagnostics of each of its open
    /// documents.
    void analyse(Document& doc, Clock::time_point) {
        const auto published = documents.analyse(doc, log);
        for (Document* d : published) {
            pending.erase(d->uri);
            json diagnostics = json::array();
            for (const Diagnostic& diagnostic : d->diagnostics) {
                diagnostics.push_back(
                    to_lsp_diagnostic(diagnostic, d->text, encoding, [&](const std::string& path) {
                        return documents.text_of(*d, path);
                    }));
            }
            notify("textDocument/publishDiagnostics",
                   {{"uri", d->uri}, {"version", d->version}, {"diagnostics", diagnostics}});
        }
    }

    std::optional<Clock::time_point> next_deadline() const {
        std::optional<Clock::time_point> next;
        for (const auto& [uri, due] : pending) {
            if (!next || due < *next) {
                next = due;
            }
        }
        return next;
    }

    void tick(Clock::time_point now) {
        while (phase == Phase::running) {
            const auto due = std::find_if(pending.begin(), pending.end(),
                                          [&](const auto& p) { return p.second <= now; });
            if (due == pending.end()) {
                return;
            }
            const std::string uri = due->first;
            pending.erase(due);
            if (Document* doc = documents.find(uri)) {
                try {
                    analyse(*doc, now);
                } catch (const std::exception& e) {
                    log(fmt::format("lsp: analysing `{}` failed: {}", uri, e.what()));
                }
            }
        }
    }
};

Server::Server(std::function<void(std::string_view)> write,
               std::function<void(std::string_view)> log)
    : state_(std::make_unique<State>()) {
    state_->write = std::move(write);
    state_->log = std::move(log);
}

Server::~Server() = default;

void Server::receive(std::string_view bytes, Clock::time_point now) {
    state_->receive(bytes, now);
}

std::optional<Clock::time_point> Server::tick(Clock::time_point now) {
    state_->tick(now);
    return state_->next_deadline();
}

std::optional<Clock::time_point> Server::next_deadline() const {
    return state_->next_deadline();
}

bool Server::exited() const {
    return state_->phase == State::Phase::exited;
}

int Server::exit_code() const {
    return state_->exit_code;
}

int Server::exit_code_at_end_of_input() const {
    return state_->phase == State::Phase::shut_down || (exited() && state_->exit_code == 0) ? 0 : 1;
}

} // namespace ingot::cli::lsp
