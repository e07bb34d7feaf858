// ingot_bench_stages: one benchmark per stage of the pipeline (runtime/analysis.cpp calls them in
// this order), each over the whole corpus (bench/micro/corpus.hpp) with the earlier stages done
// once outside the timing:
//
//   BM_parse    text → AST, each file on its own (lang::parse_file)
//   BM_load     text → AST with imports and visibility (runtime::load_workspace)
//   BM_lower    AST → plan model (runtime::lower)
//   BM_derive   plan model → derivations (runtime::derive, one thread)
//   BM_check    the built-in structure checks (runtime::check_structure)
//   BM_rules    the rulebooks' rules over every plan (runtime::run_rules)
//   BM_format   AST → canonical text (lang::format_file)
//   BM_pipeline all of load … rules at once, one thread (runtime::analyze, as `ingot check`)
//   BM_render_* the findings as text, JSON and SARIF (ingot::write_report)
//
// bytes_per_second is plan and rulebook text in (the stages that read text, and the model stages,
// so their MB/s compare with the text stages'); for render it is report text out. items_per_second
// counts plans (model stages), files (parse, load, format) or findings (render).
#include "bench/micro/corpus.hpp"

#include "ingot/ingot.hpp"
#include "lang/format.hpp"
#include "lang/parser.hpp"
#include "runtime/analysis.hpp"
#include "runtime/checks.hpp"
#include "runtime/derive.hpp"
#include "runtime/rules.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>

namespace {

using namespace ingot;

/// The corpus and everything derived from it once: the stages' inputs.
struct Fixture {
    bench::Corpus corpus;
    std::shared_ptr<const Engine::State> engine = runtime::default_engine_state();
    std::unique_ptr<runtime::Analysis> run; // the whole pipeline, once
    std::size_t targets = 0;
    lang::SourceMap sources;            // every source, for BM_parse
    std::unique_ptr<Analysis> analysis; // the public result, for BM_render_*
    Report report;

    Fixture() : corpus(bench::load_corpus()) {
        run = runtime::analyze(engine, corpus.sources, {},
                               confined_resolver(corpus.root, engine->limits.max_source_bytes), {});
        for (const runtime::Plan& plan : run->model.plans) {
            targets += plan.targets.size();
        }
        for (const runtime::SourceText& s : corpus.sources) {
            sources.add(s.path, s.text);
        }
        Workspace ws(Engine(), corpus.root);
        for (const runtime::SourceText& s : corpus.sources) {
            ws.set_source(s.path, s.text);
        }
        analysis = std::make_unique<Analysis>(ws.analyze());
        report.files = analysis->files();
        report.diagnostics = analysis->diagnostics();
        report.checks = analysis->checks();
    }
};

const Fixture& fixture() {
    static const Fixture f;
    return f;
}

/// Plans per second, targets per second, and the corpus's text per second.
void count_model(benchmark::State& state) {
    const Fixture& f = fixture();
    const auto iterations = static_cast<std::int64_t>(state.iterations());
    state.SetItemsProcessed(iterations * static_cast<std::int64_t>(f.run->model.plans.size()));
    state.SetBytesProcessed(iterations * static_cast<std::int64_t>(f.corpus.bytes));
    state.counters["targets"] = benchmark::Counter(static_cast<double>(f.targets),
                                                   benchmark::Counter::kIsIterationInvariantRate);
}

void BM_parse(benchmark::State& state) {
    const Fixture& f = fixture();
    const lang::ParseOptions options = runtime::parse_options(f.engine->limits);
    for (auto _ : state) {
        for (lang::FileId id = 0; id < f.sources.size(); ++id) {
            lang::ParseResult parsed = lang::parse_file(f.sources, id, options);
            benchmark::DoNotOptimize(parsed);
        }
    }
    const auto iterations = static_cast<std::int64_t>(state.iterations());
    state.SetItemsProcessed(iterations * static_cast<std::int64_t>(f.sources.size()));
    state.SetBytesProcessed(iterations * static_cast<std::int64_t>(f.corpus.bytes));
}

void BM_load(benchmark::State& state) {
    const Fixture& f = fixture();
    const runtime::LoadOptions options{
        f.engine->limits, confined_resolver(f.corpus.root, f.engine->limits.max_source_bytes),
        f.engine->prelude};
    for (auto _ : state) {
        runtime::Workspace ws = runtime::load_workspace(f.corpus.sources, {}, options);
        benchmark::DoNotOptimize(ws);
    }
    const auto iterations = static_cast<std::int64_t>(state.iterations());
    state.SetItemsProcessed(iterations * static_cast<std::int64_t>(f.corpus.sources.size()));
    state.SetBytesProcessed(iterations * static_cast<std::int64_t>(f.corpus.bytes));
}

void BM_lower(benchmark::State& state) {
    const Fixture& f = fixture();
    for (auto _ : state) {
        runtime::LoweringResult lowered = runtime::lower(f.run->workspace);
        benchmark::DoNotOptimize(lowered);
    }
    count_model(state);
}

void BM_derive(benchmark::State& state) {
    const Fixture& f = fixture();
    const runtime::DerivationOptions options;
    for (auto _ : state) {
        runtime::DerivationResult derived =
            runtime::derive(f.run->model, f.run->workspace, f.run->units, options, 1);
        benchmark::DoNotOptimize(derived);
    }
    count_model(state);
}

void BM_check(benchmark::State& state) {
    const Fixture& f = fixture();
    for (auto _ : state) {
        std::vector<lang::Diagnostic> found = runtime::check_structure(f.run->model);
        benchmark::DoNotOptimize(found);
    }
    count_model(state);
}

void BM_rules(benchmark::State& state) {
    const Fixture& f = fixture();
    for (auto _ : state) {
        runtime::RuleRunResult ruled =
            runtime::run_rules(f.run->model, f.run->derivations, f.run->workspace,
                               f.engine->functions, f.engine->limits.max_steps, &f.run->units);
        benchmark::DoNotOptimize(ruled);
    }
    count_model(state);
}

void BM_format(benchmark::State& state) {
    const Fixture& f = fixture();
    // The files the formatter accepts: those that parsed without a syntax error.
    std::vector<lang::FileId> clean;
    std::int64_t bytes = 0;
    const runtime::Workspace& ws = f.run->workspace;
    for (lang::FileId id = 0; id < ws.files.size(); ++id) {
        const bool broken = std::any_of(ws.diagnostics.begin(), ws.diagnostics.end(),
                                        [id](const lang::Diagnostic& d) {
                                            return d.primary.span.file == id && d.id == "syntax";
                                        });
        if (!ws.file(id).is_prelude && !broken) {
            clean.push_back(id);
            bytes += static_cast<std::int64_t>(ws.sources.file(id).text().size());
        }
    }
    for (auto _ : state) {
        for (const lang::FileId id : clean) {
            std::string text = lang::format_file(ws.file(id).ast, ws.sources.file(id));
            benchmark::DoNotOptimize(text);
        }
    }
    const auto iterations = static_cast<std::int64_t>(state.iterations());
    state.SetItemsProcessed(iterations * static_cast<std::int64_t>(clean.size()));
    state.SetBytesProcessed(iterations * bytes);
}

void BM_pipeline(benchmark::State& state) {
    const Fixture& f = fixture();
    const ImportResolver resolver =
        confined_resolver(f.corpus.root, f.engine->limits.max_source_bytes);
    for (auto _ : state) {
        std::unique_ptr<runtime::Analysis> run =
            runtime::analyze(f.engine, f.corpus.sources, {}, resolver, {});
        benchmark::DoNotOptimize(run);
    }
    count_model(state);
}

void BM_render(benchmark::State& state, ReportFormat format) {
    const Fixture& f = fixture();
    std::int64_t bytes = 0;
    for (auto _ : state) {
        std::string text = write_report(format, f.report, *f.analysis);
        bytes = static_cast<std::int64_t>(text.size());
        benchmark::DoNotOptimize(text);
    }
    const auto iterations = static_cast<std::int64_t>(state.iterations());
    state.SetItemsProcessed(iterations * static_cast<std::int64_t>(f.report.diagnostics.size()));
    state.SetBytesProcessed(iterations * bytes);
}

BENCHMARK(BM_parse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_load)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_lower)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_derive)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_check)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_rules)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_format)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pipeline)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_render, text, ReportFormat::text)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_render, json, ReportFormat::json)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_render, sarif, ReportFormat::sarif)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 2;
    }
    try {
        const Fixture& f = fixture(); // read and analysed before any timing
        benchmark::AddCustomContext("corpus", f.corpus.description);
        benchmark::AddCustomContext("plans", std::to_string(f.run->model.plans.size()));
        benchmark::AddCustomContext("targets", std::to_string(f.targets));
        benchmark::AddCustomContext("findings", std::to_string(f.report.diagnostics.size()));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ingot_bench_stages: %s\n", e.what());
        return 2;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
