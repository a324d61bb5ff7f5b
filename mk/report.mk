# The HTML report's tests: its tables against the JSON outputs, and the page
# in a real browser (headless Chromium, installed by tools/deps.sh --browser
# where it can be; without it the browser test says it was skipped).

report-tests: all
	@python3 tests/report/check_report.py --tool $(BUILD)/chokepoint

browser-tests: all
	@sh tools/deps.sh --browser || echo "browser: chromium could not be installed"
	@python3 tests/browser/check_browser.py --tool $(BUILD)/chokepoint

# The README's screenshots of the October 2025 and calendar reports (docs/).
screenshots: deps all
	@sh tools/deps.sh --browser
	@python3 tests/browser/check_browser.py --tool $(BUILD)/chokepoint --save docs

.PHONY: report-tests browser-tests screenshots
