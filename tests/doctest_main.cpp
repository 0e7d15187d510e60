// doctest's main for the torch-free tests (viz and the studio's protocol and UI parts).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
