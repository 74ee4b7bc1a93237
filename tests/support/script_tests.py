"""The loop every test script shares: run each test, report failures with
their tracebacks, print the counts, and give the exit status."""
import tempfile
import time
import traceback


def run_tests(tests, with_tmp=True, timed=False):
    """Runs each test (given a fresh temporary folder when with_tmp); returns 1
    when any failed, else 0."""
    passed = failed = 0
    for t in tests:
        started = time.time()
        try:
            if with_tmp:
                with tempfile.TemporaryDirectory() as tmp:
                    t(tmp)
            else:
                t()
            passed += 1
            if timed:
                print("ok   %s (%.1fs)" % (t.__name__, time.time() - started))
        except Exception:
            failed += 1
            print("FAIL %s" % t.__name__)
            traceback.print_exc()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0
