# Installation (filled in with the controller library).
install(TARGETS weir-worker RUNTIME DESTINATION bin)
