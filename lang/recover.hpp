// Error recovery and nesting limits for the grammar.
//
// PEGTL stops at the first global error. To report several unrelated mistakes in one run, every
// statement of a body is parsed through `recover< Statement >`: a parse_error raised inside it is
// recorded in the ParseState, the input skips to where the next statement plausibly starts (see
// resume_offset), and the body goes on. Parse-tree nodes of the failed statement are discarded by
// PEGTL's unwind hooks, so the tree only holds statements that parsed.
#pragma once

#include <tao/pegtl.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::lang::detail {

/// One syntax error as raised by the grammar; the message may still contain placeholders
/// (`{prev}`, `{found}`, `{opener}`, `{opener_line}`) that the parser fills from the text.
struct RawSyntaxError {
    std::size_t offset = 0;          // where the error was detected
    std::size_t statement_start = 0; // where the statement that failed began
    std::string message;
};

/// The error raised for a missing `}`: recovery may resume right at the error, where the next
/// statement begins, instead of skipping it.
struct UnclosedBlock : tao::pegtl::parse_error {
    using tao::pegtl::parse_error::parse_error;
};

/// Mutable state threaded through one parse.
struct ParseState {
    std::vector<RawSyntaxError> errors;
    unsigned depth = 0;
    unsigned max_depth = 100;
    unsigned max_errors = 50;
};

/// True for words that begin a statement anywhere in the language.
bool is_statement_keyword(std::string_view word);

/// Where to resume after an error at `error_offset` in a statement that began at `start`.
/// Resumes at the error itself when it sits first on its line at a statement keyword or `}`
/// (a block that was never closed); otherwise skips at least the rest of the line, then whole
/// lines (keeping `{ }` balanced, ignoring strings and comments) until a line starts with a
/// statement keyword, or until a `}` that closes the enclosing block.
std::size_t resume_offset(std::string_view text, std::size_t start, std::size_t error_offset,
                          bool unclosed_block);

/// Closing braces minus opening braces from the start of `text` to its end, ignoring braces in
/// strings and comments.
int net_closing_braces(std::string_view text);

} // namespace ingot::lang::detail

namespace ingot::lang::grammar {

/// Succeeds, consuming nothing, when the rest of the input holds fewer than `Needed` net closing
/// braces: the block being parsed (nested `Needed` deep) can never be closed. Inside a focus this
/// tells a missing `}` (then a plan statement ends the focus) from a plan statement misplaced in a
/// properly closed focus (then it is reported and skipped).
template <int Needed>
struct unclosable : tao::pegtl::success {
    template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M,
              template <typename...> class Action, template <typename...> class Control,
              typename ParseInput, typename... States>
    static bool match(ParseInput& in, States&&... /*unused*/) {
        const std::string_view rest(in.current(), in.size(0));
        return detail::net_closing_braces(rest) < Needed;
    }
};

/// Raised when expressions nest deeper than ParseState::max_depth.
struct too_deep : tao::pegtl::failure {};
/// Raised when a file has more than ParseState::max_errors syntax errors.
struct too_many_errors : tao::pegtl::failure {};

/// Like PEGTL's must< Rule >: Rule is required here, and its absence is a global error raised
/// through Control< Rule >::raise. Unlike must<>, a Rule that fails part-way is rewound first, so
/// the error points at where Rule should have started ("found `26`"), not into its middle.
template <typename Rule>
struct req : tao::pegtl::seq<Rule> {
    template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M,
              template <typename...> class Action, template <typename...> class Control,
              typename ParseInput, typename... States>
    static bool match(ParseInput& in, States&&... st) {
        if (Control<Rule>::template match<A, tao::pegtl::rewind_mode::required, Action, Control>(
                in, st...)) {
            return true;
        }
        Control<Rule>::raise(static_cast<const ParseInput&>(in), st...);
    }
};

/// `if_req< Cond, Rules… >`: once Cond matched, every one of Rules is required.
template <typename Cond, typename... Rules>
struct if_req : tao::pegtl::seq<Cond, req<Rules>...> {};

/// Matches Rule; on a syntax error inside it, records the error and skips to the next statement.
/// Always succeeds, and always consumes input (the caller guarantees it is not at the end).
template <typename Rule>
struct recover : tao::pegtl::seq<Rule> {
    template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M,
              template <typename...> class Action, template <typename...> class Control,
              typename ParseInput, typename... States>
    static bool match(ParseInput& in, detail::ParseState& state, States&&... st) {
        const auto start = in.iterator();
        try {
            return Control<Rule>::template match<A, M, Action, Control>(in, state, st...);
        } catch (const tao::pegtl::parse_error& e) {
            if (state.errors.size() >= state.max_errors) {
                throw; // propagate to the top: parsing stops here
            }
            const std::size_t offset =
                e.positions().empty() ? start.byte : e.positions().front().byte;
            state.errors.push_back({offset, start.byte, std::string(e.message())});
            const std::string_view text(in.begin(),
                                        static_cast<std::size_t>(in.end() - in.begin()));
            const bool unclosed = dynamic_cast<const detail::UnclosedBlock*>(&e) != nullptr;
            const std::size_t resume = detail::resume_offset(text, start.byte, offset, unclosed);
            in.iterator() = start;
            in.bump(resume - start.byte);
            if (state.errors.size() >= state.max_errors) {
                Control<too_many_errors>::raise(static_cast<const ParseInput&>(in), state, st...);
            }
            return true;
        }
    }
};

/// Matches Rule with the nesting depth increased by one; past the limit, raises `too_deep`.
template <typename Rule>
struct depth_guard : tao::pegtl::seq<Rule> {
    template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M,
              template <typename...> class Action, template <typename...> class Control,
              typename ParseInput, typename... States>
    static bool match(ParseInput& in, detail::ParseState& state, States&&... st) {
        if (state.depth >= state.max_depth) {
            Control<too_deep>::raise(static_cast<const ParseInput&>(in), state, st...);
        }
        struct Leave {
            unsigned& depth;
            ~Leave() { --depth; }
        } leave{++state.depth};
        return Control<Rule>::template match<A, M, Action, Control>(in, state, st...);
    }
};

/// `Operand { _ Op _ Operand }`: a left-associative operator chain. Each operator makes the tree
/// one level deeper, so it counts towards ParseState::max_depth until the chain ends; together
/// with depth_guard this bounds the depth of every expression tree, and so the recursion of every
/// later stage (conversion, formatting, evaluation, destruction).
template <typename Skip, typename Operand, typename Op>
struct chain : tao::pegtl::seq<Operand, tao::pegtl::star<Skip, Op, Skip, req<Operand>>> {
    template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M,
              template <typename...> class Action, template <typename...> class Control,
              typename ParseInput, typename... States>
    static bool match(ParseInput& in, detail::ParseState& state, States&&... st) {
        using tao::pegtl::rewind_mode;
        struct Restore {
            unsigned& depth;
            unsigned entry;
            ~Restore() { depth = entry; }
        } restore{state.depth, state.depth};
        if (!Control<Operand>::template match<A, M, Action, Control>(in, state, st...)) {
            return false;
        }
        for (;;) {
            auto marker = in.template mark<rewind_mode::required>();
            const bool more =
                Control<Skip>::template match<A, rewind_mode::active, Action, Control>(in, state,
                                                                                       st...) &&
                Control<Op>::template match<A, rewind_mode::active, Action, Control>(in, state,
                                                                                     st...) &&
                Control<Skip>::template match<A, rewind_mode::active, Action, Control>(in, state,
                                                                                       st...);
            if (!marker(more)) {
                return true;
            }
            if (++state.depth > state.max_depth) {
                Control<too_deep>::raise(static_cast<const ParseInput&>(in), state, st...);
            }
            // req<> raises rather than returning false, so the result is always true.
            (void)Control<req<Operand>>::template match<A, rewind_mode::active, Action, Control>(
                in, state, st...);
        }
    }
};

/// `{ Skip R }`: like star< Skip, R >, but each repetition makes the tree one level deeper
/// (member access `a.b.c`), so it counts towards ParseState::max_depth until it ends.
template <typename Skip, typename R>
struct counted_star : tao::pegtl::star<Skip, R> {
    template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M,
              template <typename...> class Action, template <typename...> class Control,
              typename ParseInput, typename... States>
    static bool match(ParseInput& in, detail::ParseState& state, States&&... st) {
        using tao::pegtl::rewind_mode;
        struct Restore {
            unsigned& depth;
            unsigned entry;
            ~Restore() { depth = entry; }
        } restore{state.depth, state.depth};
        for (;;) {
            auto marker = in.template mark<rewind_mode::required>();
            const bool more =
                Control<Skip>::template match<A, rewind_mode::active, Action, Control>(in, state,
                                                                                       st...) &&
                Control<R>::template match<A, rewind_mode::active, Action, Control>(in, state,
                                                                                    st...);
            if (!marker(more)) {
                return true;
            }
            if (++state.depth > state.max_depth) {
                Control<too_deep>::raise(static_cast<const ParseInput&>(in), state, st...);
            }
        }
    }
};

} // namespace ingot::lang::grammar
