# Installs roachorm from BUILD_DIR into a fresh prefix, builds the consumer project against that prefix with
# find_package(roachorm), runs it, and checks that it printed the CockroachDB DDL and that include/ holds only roachorm/.
# Inputs: -DBUILD_DIR=... -DWORK_DIR=... -DCONSUMER_DIR=...
file(REMOVE_RECURSE ${WORK_DIR})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed: ${ARGN}\n${output}")
  endif()
  set(output "${output}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
# A consumer's include path gets the prefix's include/ and nothing below it, and everything roachorm installs there
# sits in include/roachorm/: so an application's own models/ or orm/ folder can shadow none of roachorm's includes.
file(GLOB installed_includes RELATIVE ${WORK_DIR}/prefix/include ${WORK_DIR}/prefix/include/*)
if(NOT installed_includes STREQUAL "roachorm" OR NOT EXISTS ${WORK_DIR}/prefix/include/roachorm/orm/orm.hpp)
  message(FATAL_ERROR "include/ must hold only roachorm/ (with roachorm/orm/orm.hpp); it holds: ${installed_includes}")
endif()
file(GLOB targets_files ${WORK_DIR}/prefix/lib*/cmake/roachorm/roachormTargets.cmake)
file(STRINGS "${targets_files}" exported_includes REGEX "INTERFACE_INCLUDE_DIRECTORIES")
if(NOT exported_includes MATCHES "\"\\\${_IMPORT_PREFIX}/include\"$")
  message(FATAL_ERROR "roachorm::orm must export <prefix>/include as its include directory, not: ${exported_includes}")
endif()
run(${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/consumer)
if(NOT output MATCHES "CREATE TABLE IF NOT EXISTS readings" OR NOT output MATCHES "INSERT INTO points \\(id, x, y, z\\)")
  message(FATAL_ERROR "the consumer ran but printed unexpected output:\n${output}")
endif()
message(STATUS "consumer built against the installed package and printed:\n${output}")
