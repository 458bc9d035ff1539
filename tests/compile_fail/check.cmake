# Compiles one source that must not compile, and passes only when the compiler rejects it with the diagnostic
# the source names in its "// expect: <regex>" lines (every such line must match).
# Inputs: -DCOMPILER=... -DSOURCE=... -DINCLUDE_DIR=...
execute_process(
  COMMAND ${COMPILER} -std=c++20 -fsyntax-only -I${INCLUDE_DIR} ${SOURCE}
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
if(result EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but it must not")
endif()
file(STRINGS ${SOURCE} expectations REGEX "^// expect: ")
if(NOT expectations)
  message(FATAL_ERROR "${SOURCE} names no '// expect: <regex>' diagnostic")
endif()
foreach(expectation IN LISTS expectations)
  string(REPLACE "// expect: " "" pattern "${expectation}")
  if(NOT output MATCHES "${pattern}")
    message(FATAL_ERROR "${SOURCE} failed to compile, but without the expected diagnostic '${pattern}':\n${output}")
  endif()
endforeach()
