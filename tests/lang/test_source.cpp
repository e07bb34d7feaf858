#include "lang/source.hpp"

#include <catch2/catch.hpp>

using namespace ingot::lang;

TEST_CASE("line and column of byte offsets, columns count code points", "[source]") {
    const SourceFile file("f.plan", "ab\n有色x\r\n\nlast");
    CHECK(file.line_count() == 4);
    CHECK(file.location(0).line == 1);
    CHECK(file.location(0).column == 1);
    CHECK(file.location(2).column == 3); // the newline itself
    CHECK(file.location(3).line == 2);   // after the newline
    CHECK(file.location(9).column == 3); // `x` after two 3-byte characters
    CHECK(file.line_text(2) == "有色x"); // without \r\n
    CHECK(file.line_text(3).empty());
    CHECK(file.line_text(4) == "last");
    CHECK(file.location(1000).line == 4); // past the end: clamped
    CHECK(file.line_start(4) == 13);
}

TEST_CASE("code points, display width and UTF-8 validity", "[source]") {
    CHECK(count_code_points("有色金属") == 4);
    CHECK(display_width("有色金属") == 8);
    CHECK(display_width("abc") == 3);
    CHECK(display_width("e\xCC\x81") == 1); // e + combining acute accent
    CHECK(find_invalid_utf8("ok 有色") == std::string_view::npos);
    CHECK(find_invalid_utf8("ok\xFF") == 2);
    CHECK(find_invalid_utf8("\xE6\x9C") == 0); // truncated sequence
}

TEST_CASE("a source map owns files and hands out stable ids", "[source]") {
    SourceMap map;
    const FileId a = map.add("a.plan", "x");
    const FileId b = map.add("b.plan", "y");
    const SourceFile& first = map.file(a);
    for (int i = 0; i < 100; ++i) {
        map.add("more.plan", "z");
    }
    CHECK(&first == &map.file(a)); // references stay valid as the map grows
    CHECK(map.file(b).path() == "b.plan");
    CHECK(map.size() == 102);
}
