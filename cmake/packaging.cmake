# What `cmake --install` places, and the Debian package CPack makes of it (`cpack -G DEB` in the build
# directory). tests/packaging/install_test.sh and deb_test.sh check both.
include(GNUInstallDirs)

install(TARGETS pwcheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES man/pwcheck.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# Where Debian's bash-completion, zsh and fish look for completions shipped by packages.
install(FILES completions/pwcheck.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME pwcheck)
install(FILES completions/_pwcheck DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES completions/pwcheck.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

set(PWCHECK_PACKAGE_CONTACT "pwcheck maintainers <pwcheck@localhost>" CACHE STRING
    "The Maintainer of the Debian package")

set(CPACK_PACKAGE_NAME pwcheck)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "pwcheck verifies a password read from standard input against a stored hash, with exactly the "
    "answers of Python's passlib 1.7.4: PBKDF2, bcrypt, bcrypt_sha256, scrypt, SHA-crypt, argon2, "
    "MD5-crypt, phpass, and the LDAP, Django and Werkzeug formats. It also identifies hashes and "
    "times each scheme on this machine.")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_PACKAGE_CONTACT "${PWCHECK_PACKAGE_CONTACT}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends from the libraries the binary really needs (dpkg-shlibdeps): with PWCHECK_STATIC_DEPS (the
# default) libcrypto, libsodium, libxcrypt and libstdc++ are inside it, so that is libc6 alone.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
