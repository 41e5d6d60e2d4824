package io.assay.platform.connect;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    @TempDir
    Path dir;

    @Test
    void sealsAndOpensWithTheSameKeyAndContext() {
        SecretBox box = SecretBox.forDataDir(Map.of(), dir);
        String sealed = box.seal("hunter2", "pg");
        assertThat(sealed).doesNotContain("hunter2");
        assertThat(Base64.getDecoder().decode(sealed)).hasSize(12 + "hunter2".length() + 16);
        assertThat(box.seal("hunter2", "pg")).as("a fresh IV every time").isNotEqualTo(sealed);
        assertThat(box.open(sealed, "pg")).isEqualTo("hunter2");
        assertThat(SecretBox.forDataDir(Map.of(), dir).open(sealed, "pg")).as("the key file is reused").isEqualTo("hunter2");
    }

    @Test
    void keyFileIsCreatedOnFirstNeedReadableByItsOwnerOnly() throws Exception {
        SecretBox box = SecretBox.forDataDir(Map.of(), dir);
        Path keyFile = dir.resolve(SecretBox.KEY_FILE_NAME);
        assertThat(keyFile).doesNotExist();
        box.seal("x", "c");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).trim())).hasSize(32);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(keyFile);
        }
    }

    @Test
    void refusesAKeyFileThatGroupOrOthersCanRead() throws Exception {
        Path keyFile = dir.resolve(SecretBox.KEY_FILE_NAME);
        Files.writeString(keyFile, SecretBox.newKey());
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> SecretBox.forDataDir(Map.of(), dir).seal("x", "c"))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains(keyFile.toString()).contains("rw-r-----").contains("refuses");
                    assertThat(e.describe()).contains("chmod 600");
                });
    }

    @Test
    void aWrongKeyATamperedValueOrAnotherContextFailCleanly() {
        String key = SecretBox.newKey();
        SecretBox box = SecretBox.forDataDir(Map.of(SecretBox.KEY_ENV, key), dir);
        String sealed = box.seal("hunter2", "pg");
        assertThat(dir.resolve(SecretBox.KEY_FILE_NAME)).as("the environment key needs no file").doesNotExist();

        SecretBox other = SecretBox.forDataDir(Map.of(SecretBox.KEY_ENV, SecretBox.newKey()), dir);
        assertThatThrownBy(() -> other.open(sealed, "pg"))
                .isInstanceOfSatisfying(AssayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("does not match").contains(SecretBox.KEY_ENV);
                });

        byte[] bytes = Base64.getDecoder().decode(sealed);
        bytes[bytes.length - 1] ^= 1;
        String tampered = Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> box.open(tampered, "pg")).hasMessageContaining("altered");
        assertThatThrownBy(() -> box.open(sealed, "other")).hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> box.open("not base64!", "pg")).hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> box.open("AAAA", "pg")).hasMessageContaining("cannot be decrypted");
    }

    @Test
    void aMalformedEnvironmentKeyIsAClearError() {
        for (String bad : new String[] {"not-base64!!", Base64.getEncoder().encodeToString(new byte[16])}) {
            SecretBox box = SecretBox.forDataDir(Map.of(SecretBox.KEY_ENV, bad), dir);
            assertThatThrownBy(() -> box.seal("x", "c"))
                    .isInstanceOfSatisfying(AssayException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getMessage()).contains(SecretBox.KEY_ENV).contains("32 bytes");
                        assertThat(e.describe()).contains("openssl rand -base64 32");
                    });
        }
    }
}
