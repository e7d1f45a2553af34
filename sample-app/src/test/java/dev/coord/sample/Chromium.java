package dev.coord.sample;

import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium, the machine's own: Debian's {@code chromium} and {@code chromium-driver}, or
 * the binaries that {@code CHROMIUM_BINARY} and {@code CHROMEDRIVER} name. Selenium is given both paths,
 * so it never tries to download a browser or a driver.
 */
final class Chromium {

	private Chromium() {
	}

	static ChromeDriver start(Path profile) {
		Path browser = binary("CHROMIUM_BINARY", "/usr/bin/chromium");
		Path driver = binary("CHROMEDRIVER", "/usr/bin/chromedriver");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(browser.toFile());
		// Headless as root, in a fresh profile, and without the background connections to Google's hosts
		// that a machine with no way out refuses by the dozen.
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,1000");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static Path binary(String variable, String fallback) {
		String value = System.getenv(variable);
		Path path = Path.of((value != null && !value.isBlank()) ? value : fallback);
		if (!Files.isExecutable(path)) {
			throw new IllegalStateException("No " + path + " for the browser test: install Debian's Chromium and its "
					+ "driver (apt-get install -y chromium chromium-driver), or point " + variable + " at one");
		}
		return path;
	}

}
