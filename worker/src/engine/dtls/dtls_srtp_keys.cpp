#include "engine/dtls/dtls_srtp_keys.hpp"

#include <openssl/crypto.h>
#include <openssl/srtp.h>

#include "engine/dtls/dtls_context.hpp"

namespace weir::engine {

namespace {

// RFC 5764 4.2.
constexpr char kExporterLabel[] = "EXTRACTOR-dtls_srtp";

}  // namespace

std::optional<DtlsSrtpKeys> ExportDtlsSrtpKeys(SSL* ssl, DtlsRole role, std::string* error) {
  const SRTP_PROTECTION_PROFILE* profile = SSL_get_selected_srtp_profile(ssl);
  if (profile == nullptr) return std::nullopt;
  auto suite = SrtpSuiteFromProfileId(profile->id);
  if (!suite) {
    *error = "the peer selected an SRTP profile Weir does not offer";
    return std::nullopt;
  }
  SrtpKeySizes sizes = KeySizes(*suite);
  // client_write_key | server_write_key | client_write_salt | server_write_salt
  std::vector<uint8_t> material(2 * sizes.total());
  if (SSL_export_keying_material(ssl, material.data(), material.size(), kExporterLabel,
                                 sizeof(kExporterLabel) - 1, nullptr, 0, 0) != 1) {
    *error = "the DTLS exporter refused to give SRTP keys";
    return std::nullopt;
  }
  const uint8_t* clientKey = material.data();
  const uint8_t* serverKey = clientKey + sizes.key;
  const uint8_t* clientSalt = serverKey + sizes.key;
  const uint8_t* serverSalt = clientSalt + sizes.salt;
  auto join = [&](const uint8_t* key, const uint8_t* salt) {
    std::vector<uint8_t> keyAndSalt(key, key + sizes.key);
    keyAndSalt.insert(keyAndSalt.end(), salt, salt + sizes.salt);
    return keyAndSalt;
  };
  DtlsSrtpKeys keys{*suite, {}, {}};
  auto clientKeys = join(clientKey, clientSalt);
  auto serverKeys = join(serverKey, serverSalt);
  // Each side protects with its own write key and unprotects with the peer's.
  keys.send = role == DtlsRole::kClient ? std::move(clientKeys) : std::move(serverKeys);
  keys.receive = role == DtlsRole::kClient ? std::move(serverKeys) : std::move(clientKeys);
  OPENSSL_cleanse(material.data(), material.size());
  return keys;
}

}  // namespace weir::engine
