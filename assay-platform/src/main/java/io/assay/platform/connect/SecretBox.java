package io.assay.platform.connect;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Encrypts small secrets (passwords) for storage, and decrypts them again: AES-256 in GCM mode, a
 * fresh random 12-byte IV per secret, and a caller-given context (such as the connection's name) as
 * associated data, so a sealed secret only opens under the same context. A sealed secret is
 * {@code base64(IV || ciphertext || tag)}.
 *
 * <p>The key comes from the environment variable {@value #KEY_ENV} (the base64 of 32 bytes) or else
 * from the key file {@code <dataDir>/}{@value #KEY_FILE_NAME}, which is generated on first need,
 * readable by its owner only. Nothing is read or created before a secret is sealed or opened.
 */
public final class SecretBox {

    /** The environment variable that may hold the key, base64 of 32 bytes. */
    public static final String KEY_ENV = "ASSAY_SECRET_KEY";
    /** The key file's name in the data directory. */
    public static final String KEY_FILE_NAME = "secret.key";

    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String envKey;
    private final Path keyFile;
    private SecretKey key;

    private SecretBox(String envKey, Path keyFile) {
        this.envKey = envKey;
        this.keyFile = keyFile;
    }

    /** A box whose key comes from {@value #KEY_ENV} in {@code env} when set, else from the key file in {@code dataDir}. */
    public static SecretBox forDataDir(Map<String, String> env, Path dataDir) {
        String value = env.get(KEY_ENV);
        return new SecretBox(value == null || value.isBlank() ? null : value.trim(), dataDir.resolve(KEY_FILE_NAME));
    }

    /** Generates a new random key, base64-encoded as {@value #KEY_ENV} expects it. */
    public static String newKey() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Where the key comes from, for messages: the environment variable or the key file. */
    public String keySource() {
        return envKey != null ? "the environment variable " + KEY_ENV : "the key file " + keyFile;
    }

    /**
     * A key for one purpose (signing links, say) derived from the server's secret key as HMAC-SHA256(key, purpose): the
     * secret key itself never leaves this box, and keys of different purposes are unrelated.
     */
    public byte[] derivedKey(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key().getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw AssayException.internal("Cannot derive a key with HMAC-SHA256", e);
        }
    }

    /** Encrypts {@code secret}, bound to {@code context}; answers {@code base64(IV || ciphertext || tag)}. */
    public String seal(String secret, String context) {
        Objects.requireNonNull(secret, "secret");
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw AssayException.internal("Cannot encrypt a secret with AES-GCM", e);
        }
    }

    /**
     * Decrypts what {@link #seal} made under the same {@code context}. A different key, another
     * context or an altered value fail with {@link ErrorCode#INVALID_INPUT} saying so.
     */
    public String open(String sealed, String context) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw undecryptable(context);
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw undecryptable(context);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw undecryptable(context);
        } catch (GeneralSecurityException e) {
            throw AssayException.internal("Cannot decrypt a secret with AES-GCM", e);
        }
    }

    private AssayException undecryptable(String context) {
        return AssayException.of(ErrorCode.INVALID_INPUT, "The stored secret of '" + context + "' cannot be decrypted: the secret key ("
                        + keySource() + ") does not match the key it was stored with, or the stored value was altered.")
                .hint("Use the key that was in place when it was stored (set " + KEY_ENV + " or restore " + keyFile
                        + "), or remove it and add it again.")
                .build();
    }

    private synchronized SecretKey key() {
        if (key == null) {
            byte[] bytes = envKey != null ? decodeEnvKey() : readOrCreateKeyFile();
            key = new SecretKeySpec(bytes, "AES");
            Arrays.fill(bytes, (byte) 0);
        }
        return key;
    }

    private byte[] decodeEnvKey() {
        byte[] bytes = decodeKey(envKey);
        if (bytes == null) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The environment variable " + KEY_ENV
                            + " is not a valid secret key: it must be the base64 encoding of exactly 32 bytes.")
                    .hint("Generate one with `openssl rand -base64 32`, or unset " + KEY_ENV + " to use the key file "
                            + keyFile + ".")
                    .detail("parameter", KEY_ENV)
                    .build();
        }
        return bytes;
    }

    private static byte[] decodeKey(String text) {
        try {
            byte[] bytes = Base64.getDecoder().decode(text.trim());
            return bytes.length == KEY_BYTES ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] readOrCreateKeyFile() {
        try {
            if (!Files.exists(keyFile)) {
                createKeyFile();
            }
            return readKeyFile();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret key file " + keyFile, e);
        }
    }

    private byte[] readKeyFile() throws IOException {
        if (posix()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
            if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "The secret key file " + keyFile + " is accessible by group or others ("
                                + PosixFilePermissions.toString(permissions) + "); Assay refuses to use it.")
                        .hint("Make it readable by its owner only: chmod 600 " + keyFile + ". If others may have read it, "
                                + "treat the stored passwords as exposed.")
                        .detail("file", keyFile.toString())
                        .build();
            }
        }
        byte[] bytes = decodeKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
        if (bytes == null) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "The secret key file " + keyFile
                            + " does not hold a valid key (the base64 encoding of exactly 32 bytes).")
                    .hint("Restore the key file from a backup; without it the stored passwords cannot be decrypted.")
                    .detail("file", keyFile.toString())
                    .build();
        }
        return bytes;
    }

    /**
     * Writes a new key to a temporary file that is owner-only from birth, then links it into place
     * only if no key file exists yet: two processes racing both end up with the one key that won.
     */
    private void createKeyFile() throws IOException {
        Path dir = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = posix()
                ? Files.createTempFile(dir, ".secret-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, ".secret-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap((newKey() + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            try {
                Files.createLink(keyFile, tmp);
            } catch (FileAlreadyExistsException e) {
                // Another process created the key first; that key is the one to use.
            } catch (UnsupportedOperationException | IOException e) {
                // No hard links here (some network and Windows file systems).
                moveIntoPlace(tmp);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** For file systems without hard links: a rename that never replaces an existing key. */
    private void moveIntoPlace(Path tmp) throws IOException {
        try {
            Files.move(tmp, keyFile);
        } catch (FileAlreadyExistsException e) {
            // Another process created the key first; that key is the one to use.
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
