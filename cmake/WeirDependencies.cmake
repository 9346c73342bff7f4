# Every dependency comes from a Debian package, except libsrtp2 which scripts/setup rebuilds
# from Debian's own source package against OpenSSL (Debian's binary uses NSS and costs 2-4x per
# packet; see ../shared/FIELD-NOTES.md). Without that prefix we fall back to the system library.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(absl REQUIRED)
find_package(FlatBuffers REQUIRED CONFIG)
pkg_check_modules(LIBUV REQUIRED IMPORTED_TARGET libuv)
pkg_check_modules(USRSCTP REQUIRED IMPORTED_TARGET usrsctp)

find_program(FLATC flatc REQUIRED)

if(EXISTS "${WEIR_SRTP_PREFIX}/lib/libsrtp2.a")
  add_library(weir_srtp2 STATIC IMPORTED GLOBAL)
  set_target_properties(weir_srtp2 PROPERTIES
    IMPORTED_LOCATION "${WEIR_SRTP_PREFIX}/lib/libsrtp2.a"
    INTERFACE_INCLUDE_DIRECTORIES "${WEIR_SRTP_PREFIX}/include"
    INTERFACE_LINK_LIBRARIES "OpenSSL::Crypto")
  set(WEIR_SRTP_BACKEND "openssl")
else()
  pkg_check_modules(SRTP2 REQUIRED IMPORTED_TARGET libsrtp2)
  add_library(weir_srtp2 INTERFACE IMPORTED GLOBAL)
  target_link_libraries(weir_srtp2 INTERFACE PkgConfig::SRTP2)
  set(WEIR_SRTP_BACKEND "nss")
  message(WARNING "libsrtp2 built against OpenSSL not found in ${WEIR_SRTP_PREFIX}; "
                  "using the system libsrtp2 (NSS backend, slower). Run scripts/setup.")
endif()
message(STATUS "libsrtp2 backend: ${WEIR_SRTP_BACKEND}")

if(WEIR_TESTS)
  find_package(doctest REQUIRED)
endif()
