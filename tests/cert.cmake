# tcpcert cert: the catalogue parser, requirement verdicts and ladder
# marking (unit), and the command end to end with the HTML report opened in
# headless Chromium (needs root: it runs cases in namespaces).
tcpcert_test(test_cert SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_cert_catalogue.c
  ${CMAKE_CURRENT_SOURCE_DIR}/test_cert_verdicts.c ${CMAKE_CURRENT_SOURCE_DIR}/test_cert_suites.c
  LIBS tcpcert_report)
tcpcert_test(test_cert_e2e SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_cert_e2e.c
  ${CMAKE_CURRENT_SOURCE_DIR}/cli_fixture.c LIBS)
add_dependencies(test_cert_e2e tcpcert)
set_tests_properties(test_cert_e2e PROPERTIES TIMEOUT 120)
