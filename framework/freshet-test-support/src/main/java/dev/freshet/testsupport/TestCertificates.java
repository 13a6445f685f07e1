package dev.freshet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority for one test, made with {@code openssl} in a directory of the test's: a CA
 * certificate, and certificates it signs for servers and clients, as PEM files (private keys in PKCS#8, unencrypted).
 * They are valid from the moment they are made for two days, so that a test never depends on the date.
 *
 * <pre>{@code
 * TestCertificates ca = TestCertificates.create(dir);
 * TestCertificates.Issued server = ca.issue("redis", "IP:127.0.0.1", "DNS:localhost");
 * TestCertificates.Issued client = ca.issue("freshet-client");
 * ... server.certificate(), server.privateKey(), ca.caCertificate() ...
 * }</pre>
 */
public final class TestCertificates {

    private final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
    }

    /**
     * A new CA ({@code CN=freshet-test-ca}) whose files go into {@code directory}.
     *
     * @throws IllegalStateException if {@code openssl} fails or is missing
     */
    public static TestCertificates create(Path directory) {
        TestCertificates ca = new TestCertificates(directory);
        ca.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                "-subj", "/CN=freshet-test-ca", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return ca;
    }

    /** The CA's certificate (PEM): what a client or server trusts. */
    public Path caCertificate() {
        return directory.resolve("ca.crt");
    }

    /**
     * A certificate for {@code CN=<name>}, signed by this CA, usable by servers and clients.
     *
     * @param name             common name, also the files' base name
     * @param subjectAltNames  names a server is reached by, such as {@code IP:127.0.0.1} or {@code DNS:localhost}
     */
    public Issued issue(String name, String... subjectAltNames) {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + name);
        List<String> extensions = new ArrayList<>(List.of("basicConstraints=CA:FALSE",
                "keyUsage=critical,digitalSignature,keyEncipherment", "extendedKeyUsage=serverAuth,clientAuth"));
        if (subjectAltNames.length > 0) {
            extensions.add("subjectAltName=" + String.join(",", subjectAltNames));
        }
        try {
            Files.write(directory.resolve(name + ".ext"), extensions, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial",
                Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE), "-days", "2", "-extfile", name + ".ext",
                "-out", name + ".crt");
        return new Issued(directory.resolve(name + ".crt"), directory.resolve(name + ".key"));
    }

    private void openssl(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        try {
            Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl " + arguments[0] + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed with status "
                        + p.exitValue() + ":\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl (is it installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
    }

    /**
     * A certificate this CA signed, and its private key.
     *
     * @param certificate PEM certificate
     * @param privateKey  PEM private key (PKCS#8, unencrypted)
     */
    public record Issued(Path certificate, Path privateKey) {}
}
