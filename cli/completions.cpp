// `ingot completions SHELL`: a tab-completion script for bash, zsh or fish, generated from the
// CLI11 command tree when it runs. Every subcommand, option, flag, description and value set the
// program has is in the script because the script is written from them, so completions cannot
// drift from the program: an option added to any subcommand is completed once the script is
// regenerated.
//
// How an argument is completed follows from the tree:
// - a value set checked with CLI::IsMember (`--color auto|always|never`): those words;
// - a value whose type name is DIR: folder names;
// - TEXT (CLI11's name for a string), PATH or FILE: file names (most of the strings ingot takes
//   are paths, so a string without a more precise type name is treated as one);
// - any other type name (INT, FLOAT, PLAN.METRIC, EXPR, NAME, ID, FORMAT=PATH, ...): nothing.
// A value that may be left out (`[PATH]`) is completed by its kind.
// bash and zsh complete each positional argument by its own kind; fish offers the union of a
// command's positional kinds (its `complete` has no notion of argument positions).
#include "cli.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string_view>

namespace ingot::cli {

namespace {

enum class ValueKind { none, files, dirs, words };

/// How one option's value or one positional argument is completed.
struct Completion {
    ValueKind kind = ValueKind::none;
    std::vector<std::string> words; // ValueKind::words
    std::string name;               // what it is, for zsh's message: FILE, NAME, ...
};

struct OptionSpec {
    std::vector<std::string> names; // `-h`, `--help`: short names first
    std::string description;
    bool takes_value = false;
    bool repeatable = false;
    std::vector<std::string> excludes; // names of the options it cannot be given with
    Completion value;
};

struct PositionalSpec {
    std::string name;
    bool repeats = false; // takes every remaining argument
    Completion value;
};

struct CommandSpec {
    std::string name;
    std::string description;
    std::vector<OptionSpec> options;
    std::vector<PositionalSpec> positionals;
};

struct ProgramSpec {
    std::string name;
    std::vector<OptionSpec> options; // the program's own: --help, --version
    std::vector<CommandSpec> commands;
};

/// The first clause of a description, for a completion menu: up to the first `: `, `; ` or ` (`
/// that leaves at least 16 characters (so "How far `~` (about, 左右) widens..." is not cut to
/// "How far `~`"), on one line.
std::string short_description(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::size_t cut = std::string::npos;
    for (const std::string_view mark : {": ", "; ", " ("}) {
        for (std::size_t at = text.find(mark); at != std::string::npos;
             at = text.find(mark, at + 1)) {
            if (at >= 16) {
                cut = std::min(cut, at);
                break;
            }
        }
    }
    return cut == std::string::npos ? text : text.substr(0, cut);
}

/// The words of a `{a,b,c}` value set, as CLI::IsMember describes it; empty for anything else,
/// and for a set with a word that is not plain (letters, digits, `-_.+/@`), which the scripts
/// could not hold unquoted: such an option then completes as its type name says.
std::vector<std::string> set_words(const std::string& description) {
    std::vector<std::string> words;
    if (description.size() <= 2 || description.front() != '{' || description.back() != '}') {
        return words;
    }
    const auto plain = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               std::string_view("-_.+/@").find(c) != std::string_view::npos;
    };
    if (!std::all_of(description.begin() + 1, description.end() - 1,
                     [&](char c) { return c == ',' || plain(c); })) {
        return words;
    }
    std::size_t start = 1;
    while (start < description.size()) {
        std::size_t end = description.find(',', start);
        if (end == std::string::npos) {
            end = description.size() - 1;
        }
        words.push_back(description.substr(start, end - start));
        start = end + 1;
    }
    return words;
}

Completion completion_of(CLI::Option& option) {
    Completion out;
    // The type name without the validators' descriptions CLI11 appends after `:`.
    const std::string full = option.get_type_name();
    out.name = full.substr(0, full.find(':'));
    // `[PATH]`: a value that may be left out is completed as the value.
    if (out.name.size() > 2 && out.name.front() == '[' && out.name.back() == ']') {
        out.name = out.name.substr(1, out.name.size() - 2);
    }
    // CLI11 offers validators by index only, and says there are no more by throwing.
    for (int i = 0;; ++i) {
        CLI::Validator* validator = nullptr;
        try {
            validator = option.get_validator(i);
        } catch (const CLI::OptionNotFound&) {
            break;
        }
        if (auto words = set_words(validator->get_description()); !words.empty()) {
            out.kind = ValueKind::words;
            out.words = std::move(words);
            return out;
        }
    }
    if (out.name == "DIR") {
        out.kind = ValueKind::dirs;
    } else if (out.name == "TEXT" || out.name == "PATH" || out.name == "FILE") {
        out.kind = ValueKind::files;
    }
    return out;
}

/// The options and positionals of `app` that --help shows (an empty group hides an option).
void read_options(CLI::App& app, std::vector<OptionSpec>& options,
                  std::vector<PositionalSpec>* positionals) {
    for (CLI::Option* option : app.get_options()) {
        if (option->get_group().empty()) {
            continue;
        }
        const bool takes_value = option->get_expected_max() > 0; // a flag expects 0
        const bool many = option->get_items_expected_max() > 1;
        if (!option->nonpositional()) {
            if (positionals != nullptr) {
                positionals->push_back({option->get_name(true), many, completion_of(*option)});
            }
            continue;
        }
        OptionSpec spec;
        for (const std::string& s : option->get_snames()) {
            spec.names.push_back("-" + s);
        }
        for (const std::string& l : option->get_lnames()) {
            spec.names.push_back("--" + l);
        }
        spec.description = short_description(option->get_description());
        spec.takes_value = takes_value;
        spec.repeatable = takes_value && many;
        for (const CLI::Option* other : option->get_excludes()) {
            for (const std::string& l : other->get_lnames()) {
                spec.excludes.push_back("--" + l);
            }
        }
        if (takes_value) {
            spec.value = completion_of(*option);
        }
        options.push_back(std::move(spec));
    }
}

ProgramSpec read_program(CLI::App& app) {
    ProgramSpec program;
    program.name = app.get_name();
    read_options(app, program.options, nullptr);
    for (CLI::App* sub : app.get_subcommands([](CLI::App* s) {
             return !s->get_name().empty() && !s->get_group().empty() && !s->get_disabled();
         })) {
        CommandSpec command;
        command.name = sub->get_name();
        command.description = short_description(sub->get_description());
        read_options(*sub, command.options, &command.positionals);
        program.commands.push_back(std::move(command));
    }
    return program;
}

std::string header(const ProgramSpec& program, std::string_view shell, std::string_view install) {
    return fmt::format(
        "# {0} completion for {1} {2}, generated by `{1} completions {0}` from the program's own\n"
        "# commands and options; regenerate it after upgrading {1}. Install:\n"
        "#   {3}\n",
        shell, program.name, ingot::version(), install);
}

// ---- bash ----------------------------------------------------------------------------------

/// How bash completes a value: the argument _ingot_reply takes.
std::string bash_kind(const Completion& c) {
    switch (c.kind) {
    case ValueKind::files:
        return "files";
    case ValueKind::dirs:
        return "dirs";
    case ValueKind::words:
        return fmt::format("words {}", fmt::join(c.words, " "));
    case ValueKind::none:
        break;
    }
    return "none";
}

std::vector<std::string> option_names(const std::vector<OptionSpec>& options) {
    std::vector<std::string> names;
    for (const OptionSpec& o : options) {
        names.insert(names.end(), o.names.begin(), o.names.end());
    }
    return names;
}

std::string bash_script(const ProgramSpec& program) {
    const std::string& p = program.name;
    std::string out = header(program, "bash",
                             fmt::format("{0} completions bash > "
                                         "~/.local/share/bash-completion/completions/{0}\n"
                                         "# or, without the bash-completion package, in ~/.bashrc: "
                                         "source <({0} completions bash)",
                                         p));

    std::vector<std::string> command_names;
    for (const CommandSpec& c : program.commands) {
        command_names.push_back(c.name);
    }

    // _P_value COMMAND OPTION
    out +=
        fmt::format("\n# _{0}_value COMMAND OPTION: how the value of OPTION is completed (\"words "
                    "W...\", \"files\",\n# \"dirs\" or \"none\"); fails when OPTION takes no "
                    "value.\n_{0}_value() {{\n    case \"$1 $2\" in\n",
                    p);
    for (const CommandSpec& c : program.commands) {
        for (const OptionSpec& o : c.options) {
            if (!o.takes_value) {
                continue;
            }
            std::vector<std::string> cases;
            for (const std::string& n : o.names) {
                cases.push_back(fmt::format("\"{} {}\"", c.name, n));
            }
            out += fmt::format("    {}) echo \"{}\" ;;\n", fmt::join(cases, " | "),
                               bash_kind(o.value));
        }
    }
    out += "    *) return 1 ;;\n    esac\n}\n";

    // _P_positional COMMAND N
    out += fmt::format("\n# _{0}_positional COMMAND N: how the Nth positional argument (from 0) of "
                       "COMMAND is completed.\n_{0}_positional() {{\n    case \"$1\" in\n",
                       p);
    for (const CommandSpec& c : program.commands) {
        out += fmt::format("    {})\n        case \"$2\" in\n", c.name);
        for (std::size_t n = 0; n < c.positionals.size(); ++n) {
            const bool rest = n + 1 == c.positionals.size() && c.positionals[n].repeats;
            out += fmt::format("        {}) echo \"{}\" ;; # {}\n", rest ? "*" : std::to_string(n),
                               bash_kind(c.positionals[n].value), c.positionals[n].name);
        }
        if (c.positionals.empty() || !c.positionals.back().repeats) {
            out += "        *) echo none ;;\n";
        }
        out += "        esac\n        ;;\n";
    }
    out += "    *) echo none ;;\n    esac\n}\n";

    // _P_options COMMAND
    out += fmt::format("\n# _{0}_options COMMAND: the options of COMMAND, or of {0} itself for "
                       "\"\".\n_{0}_options() {{\n    case \"$1\" in\n    \"\") echo \"{1}\" ;;\n",
                       p, fmt::join(option_names(program.options), " "));
    for (const CommandSpec& c : program.commands) {
        out += fmt::format("    {}) echo \"{}\" ;;\n", c.name,
                           fmt::join(option_names(c.options), " "));
    }
    out += "    esac\n}\n";

    // _P_reply KIND CUR
    out += fmt::format(R"BASH(
# _{0}_reply KIND CUR: sets COMPREPLY to the completions of CUR of this kind.
_{0}_reply() {{
    COMPREPLY=()
    case "$1" in
    words\ *) mapfile -t COMPREPLY < <(compgen -W "${{1#words }}" -- "$2") ;;
    files)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$2")
        ;;
    dirs)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -d -- "$2")
        ;;
    esac
}}

_{0}() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}}
    local command="" value_of="" only_positionals="" positional=0 word i kind
    COMPREPLY=()
    # Walk the words before the cursor: the command, options (and the values they take), and
    # positional arguments. bash splits `--color=always` into `--color`, `=`, `always`.
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${{COMP_WORDS[i]}}
        if [[ -n $value_of ]]; then
            [[ $word == = ]] && continue
            value_of=""
        elif [[ -z $command ]]; then
            [[ $word == -* ]] || command=$word
        elif [[ -z $only_positionals && $word == -- ]]; then
            only_positionals=1
        elif [[ -z $only_positionals && $word == -?* ]]; then
            [[ $word != *=* ]] && _{0}_value "$command" "$word" >/dev/null && value_of=$word
        else
            positional=$((positional + 1))
        fi
    done
    if [[ -n $value_of ]]; then
        [[ $cur == = ]] && cur=""
        _{0}_reply "$(_{0}_value "$command" "$value_of")" "$cur"
    elif [[ -z $command ]]; then
        if [[ $cur == -* ]]; then
            _{0}_reply "words $(_{0}_options "")" "$cur"
        else
            _{0}_reply "words {1}" "$cur"
        fi
    elif [[ -z $only_positionals && $cur == --*=* ]]; then
        # `--color=al` as one word (a COMP_WORDBREAKS without `=`): complete after the `=`.
        kind=$(_{0}_value "$command" "${{cur%%=*}}") || return 0
        _{0}_reply "$kind" "${{cur#*=}}"
        COMPREPLY=("${{COMPREPLY[@]/#/${{cur%%=*}}=}}")
    elif [[ -z $only_positionals && $cur == -* ]]; then
        _{0}_reply "words $(_{0}_options "$command")" "$cur"
    else
        _{0}_reply "$(_{0}_positional "$command" "$positional")" "$cur"
    fi
    return 0
}}

complete -F _{0} {0}
)BASH",
                       p, fmt::join(command_names, " "));
    return out;
}

// ---- zsh -----------------------------------------------------------------------------------

/// `text` inside a single-quoted zsh word.
std::string zsh_quoted(std::string_view text) {
    std::string out;
    for (const char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out;
}

/// A description inside `[...]` of an _arguments spec: brackets and colons are escaped.
std::string zsh_description(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '[' || c == ']' || c == ':' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return zsh_quoted(out);
}

/// The `:MESSAGE:ACTION` of an _arguments spec.
std::string zsh_action(const Completion& c, std::string_view fallback_name) {
    std::string message(c.name.empty() || c.name == "TEXT" ? fallback_name : c.name);
    message.erase(0, message.find_first_not_of('-')); // `--color` says `color`
    std::replace(message.begin(), message.end(), ':', '.');
    switch (c.kind) {
    case ValueKind::files:
        return fmt::format(":{}:_files", message);
    case ValueKind::dirs:
        return fmt::format(":{}:_files -/", message);
    case ValueKind::words: {
        std::vector<std::string> words;
        for (const std::string& w : c.words) {
            std::string escaped;
            for (const char ch : w) {
                if (ch == ' ' || ch == '(' || ch == ')' || ch == '\\' || ch == ':') {
                    escaped += '\\';
                }
                escaped += ch;
            }
            words.push_back(escaped);
        }
        return fmt::format(":{}:({})", message, fmt::join(words, " "));
    }
    case ValueKind::none:
        break;
    }
    return fmt::format(":{}: ", message);
}

std::string zsh_arguments(const std::vector<OptionSpec>& options,
                          const std::vector<PositionalSpec>* positionals, std::string_view indent) {
    std::vector<std::string> specs;
    for (const OptionSpec& o : options) {
        // -h/--help and -V/--version end the command line: nothing else is offered after them.
        const bool terminal = std::any_of(o.names.begin(), o.names.end(), [](const auto& n) {
            return n == "--help" || n == "--version";
        });
        std::vector<std::string> excluded;
        if (terminal) {
            excluded = {"-", "*"};
        } else if (!o.repeatable) {
            excluded = o.names;
        }
        excluded.insert(excluded.end(), o.excludes.begin(), o.excludes.end());
        const std::string exclusion =
            excluded.empty() ? "" : fmt::format("({})", fmt::join(excluded, " "));
        const std::string names =
            o.names.size() == 1 ? o.names[0] : fmt::format("{{{}}}", fmt::join(o.names, ","));
        const std::string after =
            fmt::format("{}[{}]{}", o.takes_value ? "=" : "", zsh_description(o.description),
                        o.takes_value ? zsh_quoted(zsh_action(o.value, o.names.back())) : "");
        specs.push_back(
            fmt::format("'{}{}'{}'{}'", o.repeatable ? "*" : "", exclusion, names, after));
    }
    if (positionals != nullptr) {
        for (std::size_t n = 0; n < positionals->size(); ++n) {
            const PositionalSpec& pos = (*positionals)[n];
            const bool rest = n + 1 == positionals->size() && pos.repeats;
            specs.push_back(fmt::format("'{}{}'", rest ? "*" : std::to_string(n + 1),
                                        zsh_quoted(zsh_action(pos.value, pos.name))));
        }
    }
    return fmt::format("{}", fmt::join(specs, fmt::format(" \\\n{}", indent)));
}

std::string zsh_script(const ProgramSpec& program) {
    const std::string& p = program.name;
    std::string out = fmt::format("#compdef {}\n", p);
    out += header(program, "zsh",
                  fmt::format("{0} completions zsh > ~/.zfunc/_{0}   # with, in ~/.zshrc, before "
                              "compinit:\n#   fpath=(~/.zfunc $fpath)\n"
                              "# or, in ~/.zshrc after compinit: source <({0} completions zsh)",
                              p));
    out += fmt::format("\n_{0}() {{\n    local curcontext=$curcontext state line\n"
                       "    typeset -A opt_args\n    local -a commands\n    commands=(\n",
                       p);
    for (const CommandSpec& c : program.commands) {
        std::string item = c.name + ":" + c.description;
        std::string escaped;
        for (std::size_t i = 0; i < item.size(); ++i) {
            // The first `:` separates name and description; any later one is escaped.
            if (item[i] == ':' && i > c.name.size()) {
                escaped += '\\';
            }
            escaped += item[i];
        }
        out += fmt::format("        '{}'\n", zsh_quoted(escaped));
    }
    out += "    )\n";
    out += fmt::format("    _arguments -C \\\n        {} \\\n"
                       "        '1:command:->command' \\\n        '*::argument:->argument'\n",
                       zsh_arguments(program.options, nullptr, "        "));
    out += fmt::format(
        "    case $state in\n    command)\n        _describe -t commands '{0} command' commands\n"
        "        ;;\n    argument)\n        curcontext=${{curcontext%:*:*}}:{0}-$words[1]:\n"
        "        case $words[1] in\n",
        p);
    for (const CommandSpec& c : program.commands) {
        out += fmt::format("        {})\n            _arguments \\\n                {}\n"
                           "            ;;\n",
                           c.name, zsh_arguments(c.options, &c.positionals, "                "));
    }
    out += "        esac\n        ;;\n    esac\n}\n\n";
    // Loaded from $fpath (autoload), the file is the body of _P: define and run it. Sourced, it
    // registers _P for the program.
    out += fmt::format("if [[ $funcstack[1] == _{0} ]]; then\n    _{0} \"$@\"\nelse\n"
                       "    compdef _{0} {0}\nfi\n",
                       p);
    return out;
}

// ---- fish ----------------------------------------------------------------------------------

std::string fish_quoted(std::string_view text) {
    std::string out = "'";
    for (const char c : text) {
        if (c == '\'' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "'";
}

/// The `complete` arguments that say how a value is completed.
std::string fish_value(const Completion& c) {
    switch (c.kind) {
    case ValueKind::files:
        return " -r -F";
    case ValueKind::dirs:
        return " -x -a '(__fish_complete_directories)'";
    case ValueKind::words:
        return fmt::format(" -x -a {}", fish_quoted(fmt::format("{}", fmt::join(c.words, " "))));
    case ValueKind::none:
        break;
    }
    return " -x";
}

std::string fish_option(const std::string& condition, const OptionSpec& o,
                        const std::string& program) {
    std::string line = fmt::format("complete -c {} -n {}", program, fish_quoted(condition));
    for (const std::string& n : o.names) {
        line += n.starts_with("--") ? fmt::format(" -l {}", n.substr(2))
                                    : fmt::format(" -s {}", n.substr(1));
    }
    if (o.takes_value) {
        line += fish_value(o.value);
    }
    return line + fmt::format(" -d {}\n", fish_quoted(o.description));
}

std::string fish_script(const ProgramSpec& program) {
    const std::string& p = program.name;
    std::string out =
        header(program, "fish",
               fmt::format("{0} completions fish > ~/.config/fish/completions/{0}.fish", p));
    std::vector<std::string> names;
    for (const CommandSpec& c : program.commands) {
        names.push_back(c.name);
    }
    // No file names unless an argument is a path; before the command, only commands and options.
    out += fmt::format("\ncomplete -c {} -f\n", p);
    const std::string before_command =
        fmt::format("not __fish_seen_subcommand_from {}", fmt::join(names, " "));
    for (const OptionSpec& o : program.options) {
        out += fish_option(before_command, o, p);
    }
    for (const CommandSpec& c : program.commands) {
        out += fmt::format("complete -c {} -n {} -a {} -d {}\n", p, fish_quoted(before_command),
                           c.name, fish_quoted(c.description));
    }
    for (const CommandSpec& c : program.commands) {
        out += "\n";
        const std::string in_command = "__fish_seen_subcommand_from " + c.name;
        for (const OptionSpec& o : c.options) {
            out += fish_option(in_command, o, p);
        }
        // Positional arguments: the union of their kinds.
        bool files = false;
        bool dirs = false;
        std::vector<std::string> words;
        for (const PositionalSpec& pos : c.positionals) {
            files = files || pos.value.kind == ValueKind::files;
            dirs = dirs || pos.value.kind == ValueKind::dirs;
            words.insert(words.end(), pos.value.words.begin(), pos.value.words.end());
        }
        if (files) {
            out += fmt::format("complete -c {} -n {} -F\n", p, fish_quoted(in_command));
        } else if (dirs) {
            out += fmt::format("complete -c {} -n {} -a '(__fish_complete_directories)'\n", p,
                               fish_quoted(in_command));
        }
        if (!words.empty()) {
            out += fmt::format("complete -c {} -n {} -a {}\n", p, fish_quoted(in_command),
                               fish_quoted(fmt::format("{}", fmt::join(words, " "))));
        }
    }
    return out;
}

} // namespace

Command add_completions_command(CLI::App& app) {
    auto shell = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand(
        "completions", "Print a tab-completion script for bash, zsh or fish, generated from "
                       "ingot's own commands and options");
    cmd->add_option("shell", *shell, "The shell: bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    cmd->footer("The script completes every command and option, the values of options that take "
                "one of a few words (such as --color), and file names where a path goes. "
                "Regenerate it after upgrading ingot.\n\nExamples:\n"
                "  ingot completions bash > ~/.local/share/bash-completion/completions/ingot\n"
                "  source <(ingot completions bash)          in ~/.bashrc, without "
                "bash-completion\n"
                "  ingot completions zsh > ~/.zfunc/_ingot   with fpath=(~/.zfunc $fpath) "
                "before compinit\n"
                "  ingot completions fish > ~/.config/fish/completions/ingot.fish\n\n"
                "Exit codes: 0 printed, 2 usage errors (an unknown shell).");

    // The tree is read when the command runs, when every command has been added.
    return {cmd, [&app, shell] {
                const ProgramSpec program = read_program(app);
                if (*shell == "bash") {
                    fmt::print("{}", bash_script(program));
                } else if (*shell == "zsh") {
                    fmt::print("{}", zsh_script(program));
                } else {
                    fmt::print("{}", fish_script(program));
                }
                return exit_clean;
            }};
}

} // namespace ingot::cli
