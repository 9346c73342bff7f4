# Warnings are errors everywhere in Weir's own code; generated and third-party headers are
# included as SYSTEM so their warnings do not count.
add_library(weir_warnings INTERFACE)
target_compile_options(weir_warnings INTERFACE -Wall -Wextra -Werror -Wnon-virtual-dtor
  -Wno-missing-field-initializers)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  target_compile_options(weir_warnings INTERFACE -Wshadow-uncaptured-local
    -Wno-unused-private-field)
else()
  target_compile_options(weir_warnings INTERFACE -Wshadow=local)
endif()

if(WEIR_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
endif()

if(WEIR_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "WEIR_FUZZERS needs clang (CC=clang CXX=clang++)")
  endif()
  # Everything is instrumented for coverage; only the fuzzer binaries link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(CMAKE_BUILD_TYPE STREQUAL "Release")
  add_compile_options(-O2)
endif()
