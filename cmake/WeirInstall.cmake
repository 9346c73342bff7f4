# `cmake --install build [--prefix P]` puts in P:
#   bin/weir-worker, bin/weirctl
#   share/weir/schema/*.fbs and message.bfbs        (the channel contract, for any language)
#   lib/libweir-controller.a, include/weir/*.hpp    (the C++ controller library)
#   lib/cmake/Weir/WeirConfig.cmake & co.           (find_package(Weir) -> Weir::controller,
#                                                    Weir::worker, WEIR_WORKER_EXECUTABLE)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(WEIR_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/Weir)

install(TARGETS weirctl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS weir-worker EXPORT WeirTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS weir-controller EXPORT WeirTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/controller/include/weir
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
install(FILES ${WEIR_FBS} ${WEIR_BFBS} DESTINATION ${CMAKE_INSTALL_DATADIR}/weir/schema)
install(FILES ${CMAKE_SOURCE_DIR}/channel-schema/README.md
  DESTINATION ${CMAKE_INSTALL_DATADIR}/weir/schema)

install(EXPORT WeirTargets NAMESPACE Weir:: DESTINATION ${WEIR_INSTALL_CMAKEDIR})
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/WeirConfig.cmake.in
  ${CMAKE_BINARY_DIR}/WeirConfig.cmake
  INSTALL_DESTINATION ${WEIR_INSTALL_CMAKEDIR}
  PATH_VARS CMAKE_INSTALL_BINDIR CMAKE_INSTALL_DATADIR)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/WeirConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/WeirConfig.cmake ${CMAKE_BINARY_DIR}/WeirConfigVersion.cmake
  DESTINATION ${WEIR_INSTALL_CMAKEDIR})
