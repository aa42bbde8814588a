// The shim and the contract API log every decorator and every refused transaction at info and error level;
// the tests assert on refusals, so only critical messages are worth printing. Imported before either loads.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= "CRITICAL";
