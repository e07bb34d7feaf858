// `ingot lsp`: the language server on standard input and output (cli/lsp/server.hpp is the
// protocol; this file is the loop around it: poll() on stdin with the server's next deadline
// as the timeout, so debounced analyses run while the client is quiet).
#include "cli.hpp"
#include "lsp/server.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <unistd.h>

namespace ingot::cli {

namespace {

/// Writes all of `bytes` to `fd`; false when the other end is gone.
bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

int run_lsp() {
    bool output_ok = true;
    lsp::Server server(
        [&](std::string_view message) {
            output_ok = output_ok && write_all(STDOUT_FILENO, message);
        },
        [](std::string_view line) { fmt::print(stderr, "{}\n", line); });
    fmt::print(stderr, "ingot lsp {}: reading LSP messages on standard input\n", ingot::version());
    std::string buffer(std::size_t{64} * 1024, '\0');
    for (;;) {
        int timeout = -1;
        if (const auto due = server.next_deadline()) {
            const auto wait =
                std::chrono::ceil<std::chrono::milliseconds>(*due - lsp::Clock::now());
            timeout = static_cast<int>(std::clamp<long long>(wait.count(), 0, 60'000));
        }
        pollfd in{STDIN_FILENO, POLLIN, 0};
        const int ready = ::poll(&in, 1, timeout);
        if (ready < 0 && errno != EINTR) {
            fmt::print(stderr, "ingot lsp: poll failed: {}\n", std::strerror(errno));
            return exit_usage_or_io;
        }
        if (ready > 0) {
            const ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
            if (n < 0 && errno != EINTR && errno != EAGAIN) {
                fmt::print(stderr, "ingot lsp: reading standard input failed: {}\n",
                           std::strerror(errno));
                return exit_usage_or_io;
            }
            if (n == 0) {
                fmt::print(stderr, "ingot lsp: standard input ended without `exit`\n");
                return server.exit_code_at_end_of_input();
            }
            if (n > 0) {
                server.receive(std::string_view(buffer.data(), static_cast<std::size_t>(n)),
                               lsp::Clock::now());
            }
        }
        if (server.exited()) {
            return server.exit_code();
        }
        server.tick(lsp::Clock::now());
        if (!output_ok) {
            fmt::print(stderr, "ingot lsp: standard output is closed\n");
            return exit_usage_or_io;
        }
    }
}

} // namespace

Command add_lsp_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand(
        "lsp", "Run the language server (LSP 3.17) on standard input and output, for editors");
    cmd->footer(
        "An editor starts `ingot lsp` and talks to it over standard input and output; the "
        "server logs to standard error only. It publishes diagnostics as you type (after 150 ms "
        "without a change; initializationOptions {\"debounceMs\": N} changes it) and answers "
        "hover (a target's derived values and what they imply), go to definition, references, "
        "completion, document symbols, folding, formatting (as `ingot fmt`) and code actions "
        "(the findings' fixes, `# ingot: allow(ID) reason`). The project's ingot.toml, found "
        "above the open file as `ingot check` finds it, sets the checks and rulebooks.\n\n"
        "Set-up for Neovim, Helix, Emacs and VS Code: docs/editors.md.\n\n"
        "Examples:\n"
        "  ingot lsp                          what an editor runs (Neovim 0.7+:\n"
        "                                     vim.lsp.start_client({cmd = {'ingot', 'lsp'}}))\n"
        "  ingot lsp 2> lsp.log               keep the server's log\n\n"
        "Exit codes: 0 after `shutdown` and `exit`, 1 when `exit` (or the end of input) comes "
        "without `shutdown`, 2 when standard input or output fails.");
    return {cmd, [] { return run_lsp(); }};
}

} // namespace ingot::cli
