# SEGMENT ARRIVES: random peer segments from a random starting state, with
# the model's invariants checked after every step.
#   build-fuzz/fuzz/fuzz_model_input corpus/model_input -max_total_time=600
tcpcert_fuzzer(fuzz_model_input SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_model_input.c LIBS tcpcert_model)
