#pragma once
// stb_image (Debian's libstb, 2022-09) decodes a JPEG scan with whatever Huffman tables it
// names, defined or not: an undefined one is uninitialised memory, read as table entries and
// used as array indices (a damaged file crashed egeot now and then, by what the heap held).
// This walks the file's markers and refuses a scan that uses a table no DHT segment before it
// defined.
#include <string>

namespace egeot {

// jpeg: the whole file. "" when every scan's tables are defined (or the file is not a JPEG
// this can follow, left to stb_image), else what is wrong, in a few words.
std::string jpeg_tables_problem(const std::string& jpeg);

}  // namespace egeot
