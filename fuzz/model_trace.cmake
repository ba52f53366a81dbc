# Whole traces: peer segments, stack segments, application calls and time,
# from CLOSED or LISTEN, with the model's invariants checked after every step.
#   build-fuzz-mt/fuzz/fuzz_model_trace corpus/model_trace -max_total_time=600
tcpcert_fuzzer(fuzz_model_trace SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_model_trace.c LIBS tcpcert_model)
