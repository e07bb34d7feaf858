// `ingot lsp`: the Language Server Protocol (3.17) state machine, over an abstract input and
// output so that tests drive it in memory.
//
// The host (cli/lsp.cpp) feeds it the bytes it reads (receive), calls tick() when the time it
// asked for has come, and writes what `write` is given. Nothing here reads a clock, a file
// descriptor or stdin: time arrives as arguments, which makes debouncing testable without sleeps.
//
// Contracts:
//  - framing: `Content-Length: N\r\n\r\n` + N bytes of JSON, in any pieces; other headers are
//    ignored; a header block without a valid Content-Length is logged and skipped;
//  - a body that is not JSON gets a -32700 (parse error) response with id null; a message that
//    is not a request or notification, -32600; an unknown method, -32601; a request before
//    `initialize`, -32002; after `shutdown`, -32600; the server keeps running after each;
//  - `$/cancelRequest` answers -32800 for a request received but not yet answered (requests
//    received in one piece of input are answered after every cancellation in it is seen);
//  - `exit` ends the server: exit code 0 after `shutdown`, 1 without (LSP's rule);
//  - an exception while handling a message (a broken buffer, a bug) is logged and answered
//    with -32603 (internal error) for a request; it never stops the server;
//  - diagnostics are published for open documents after `didOpen` at once, after `didChange`
//    once no change came for the debounce interval (150 ms unless initializationOptions say
//    `debounceMs`); a request about a document with changes not yet analysed analyses first;
//  - the project's ingot.toml (found upward from the document, as `ingot check` finds it) sets
//    the root, the checks, severities, rulebooks and `about`; the project's other files are
//    read as context; open documents are analysed from the editor's text.
#pragma once

#include "lsp/convert.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::cli::lsp {

using Clock = std::chrono::steady_clock;

class Server {
public:
    /// `write` receives each outgoing message, framed; `log` each line for stderr.
    Server(std::function<void(std::string_view)> write, std::function<void(std::string_view)> log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Bytes read from the client, in whatever pieces they came; handles every complete message.
    void receive(std::string_view bytes, Clock::time_point now);
    /// Runs the debounced analyses due at `now`. Returns when it next needs to be called.
    std::optional<Clock::time_point> tick(Clock::time_point now);
    /// When tick() next needs to be called, or nullopt when nothing is pending.
    std::optional<Clock::time_point> next_deadline() const;

    /// Whether `exit` was received; then exit_code() is what the process should return.
    bool exited() const;
    int exit_code() const;
    /// The input ended without `exit`: 0 after `shutdown`, else 1.
    int exit_code_at_end_of_input() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

/// Frames `message`: `Content-Length: N\r\n\r\n` followed by its JSON.
std::string frame(const nlohmann::json& message);

} // namespace ingot::cli::lsp
