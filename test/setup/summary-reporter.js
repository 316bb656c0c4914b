// Prints one plain closing line ("N passed, N failed") that CI reads whatever the runner.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failedSuites = results.numFailedTestSuites > 0 ? ` (${results.numFailedTestSuites} suites failed)` : '';
    process.stdout.write(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped${failedSuites}\n`);
  }
}
module.exports = SummaryReporter;
