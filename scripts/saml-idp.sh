#!/usr/bin/env bash
# Starts SimpleSAMLphp (Debian's package) as a SAML 2.0 identity provider on 127.0.0.1:PORT
# under PHP's own web server, for the tests: its configuration, metadata and an RSA signing key
# (made by openssl) go into DIR. The tests write DIR/authsources.php (the people who sign in,
# under the `people` source, and their attributes) and DIR/metadata/saml20-sp-remote.php (the
# service providers it answers) before or while it runs; PHP reads both on every request.
#   scripts/saml-idp.sh PORT DIR
set -euo pipefail
port="$1"
dir="$(cd "$2" && pwd)"
www=/usr/share/simplesamlphp/www
if [ ! -d "$www" ]; then
  echo "SimpleSAMLphp is not installed: run scripts/setup.sh" >&2
  exit 1
fi
mkdir -p "$dir/cert" "$dir/metadata" "$dir/tmp"
if [ ! -f "$dir/cert/idp.key" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Tandem test identity provider" \
    -keyout "$dir/cert/idp.key" -out "$dir/cert/idp.crt" 2>/dev/null
fi
cat > "$dir/config.php" <<PHP
<?php
\$config = [
    'baseurlpath' => 'http://127.0.0.1:$port/',
    'certdir' => '$dir/cert/',
    'loggingdir' => '$dir/tmp/',
    'datadir' => '$dir/tmp/',
    'tempdir' => '$dir/tmp/',
    'metadatadir' => '$dir/metadata/',
    'metadata.sources' => [['type' => 'flatfile', 'directory' => '$dir/metadata/']],
    'secretsalt' => 'tandem-test-salt-$port',
    'auth.adminpassword' => 'unused-$port-$RANDOM$RANDOM',
    'admin.protectindexpage' => true,
    'technicalcontact_name' => 'Tandem tests',
    'technicalcontact_email' => 'tests@tandem.example',
    'timezone' => 'UTC',
    'logging.handler' => 'stderr',
    'logging.level' => SimpleSAML\Logger::WARNING,
    'enable.saml20-idp' => true,
    'module.enable' => ['exampleauth' => true, 'core' => true, 'saml' => true],
    'store.type' => 'phpsession',
    'session.cookie.secure' => false,
    'session.phpsession.savepath' => '$dir/tmp',
    'language.default' => 'en',
];
PHP
cat > "$dir/metadata/saml20-idp-hosted.php" <<'PHP'
<?php
$metadata['__DYNAMIC:1__'] = [
    'host' => '__DEFAULT__',
    'privatekey' => 'idp.key',
    'certificate' => 'idp.crt',
    'auth' => 'people',
    'NameIDFormat' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    'simplesaml.nameidattribute' => 'uid',
    'signature.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
];
PHP
[ -f "$dir/authsources.php" ] || printf '<?php\n$config = [%s];\n' "'people' => ['exampleauth:UserPass']" > "$dir/authsources.php"
[ -f "$dir/metadata/saml20-sp-remote.php" ] || printf '<?php\n' > "$dir/metadata/saml20-sp-remote.php"
export SIMPLESAMLPHP_CONFIG_DIR="$dir"
exec php -S "127.0.0.1:$port" -t "$www"
