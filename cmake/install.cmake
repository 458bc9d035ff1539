# Install rules and the exported CMake package, so that other projects can find_package(roachorm).
include(CMakePackageConfigHelpers)

install(TARGETS roachorm_orm EXPORT roachormTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS roachorm-schema RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(header_dir orm dialect models)
  install(DIRECTORY ${header_dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/roachorm/${header_dir}
    FILES_MATCHING PATTERN "*.hpp")
endforeach()

set(config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/roachorm)
install(EXPORT roachormTargets NAMESPACE roachorm:: DESTINATION ${config_dir})
configure_package_config_file(cmake/roachormConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/roachormConfig.cmake INSTALL_DESTINATION ${config_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/roachormConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/roachormConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/roachormConfigVersion.cmake
  cmake/FindSOCI.cmake
  DESTINATION ${config_dir})
