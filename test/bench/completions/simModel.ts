// The benchmarks' names for the shared test helpers (test/support): the simulated model and its virtual clock.
export { flush, VirtualClock } from '../../support/virtualClock';
export { REALISTIC, SimModel, type SimCall, type SimTiming } from '../../support/simModel';
