# Wire and Linux adapter tests: real kernel, run as root.
tcpcert_test(test_wire
  SOURCES test_wire.c test_wire_tcp.c test_wire_child.c
  LIBS tcpcert_sut tcpcert_sut_linux tcpcert_wire tcpcert_packet tcpcert_model
  NEEDS_ROOT)
