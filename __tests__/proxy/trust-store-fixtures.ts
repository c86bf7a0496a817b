// What the trust store tests share: real certificates in the parts they play, and the output of
// macOS's security tool.
import { rootCertificates } from 'node:tls'

/** Real certificates, so that fingerprints and DER are real. */
export const [APPLE_ROOT, OTHER_APPLE_ROOT, COMPANY_ROOT, DEVICE_IDENTITY] = rootCertificates as [
  string,
  string,
  string,
  string
]

/** Compared without line breaks: the system's copy of a root may wrap its lines otherwise. */
export const flat = (pem: string): string => pem.replace(/\s+/g, '')
/** A certificate's DER in base64 on one line, as PowerShell prints it. */
export const der64 = (pem: string): string =>
  flat(pem).replace(/-----(BEGIN|END)CERTIFICATE-----/g, '')

/** What `security find-certificate -a -p <keychain>` prints: PEM blocks, one after another. */
export const findCertificateOutput = (...pems: string[]): string =>
  pems.map(pem => `${pem}\n`).join('')

/**
 * A `security trust-settings-export -d` property list: for each certificate SHA-1, its entry with
 * `settings` (made with `trustSettings`) last.
 */
export const trustSettingsPlist = (
  entries: Record<string, string>
): string => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>trustList</key>
	<dict>
${Object.entries(entries)
  .map(
    ([sha1, settings]) => `		<key>${sha1}</key>
		<dict>
			<key>issuerName</key>
			<data>
			MEQxCzAJBgNVBAYTAlVTMRQwEgYDVQQKEwtFeGFtcGxlIEluYzEfMB0GA1UE
			AxMWRXhhbXBsZSBDb3JwIFJvb3QgQ0E=
			</data>
			<key>modDate</key>
			<date>2026-03-02T09:14:55Z</date>
			<key>serialNumber</key>
			<data>
			AQ==
			</data>
${settings}
		</dict>`
  )
  .join('\n')}
	</dict>
	<key>trustVersion</key>
	<integer>1</integer>
</dict>
</plist>
`

/** One usage constraint of a certificate's trust settings. */
export const setting = (fields: string): string => `				<dict>\n${fields}\n				</dict>`
export const SSL_POLICY = `<key>kSecTrustSettingsPolicy</key>
					<data>
					KoZIhvdjZAED
					</data>
					<key>kSecTrustSettingsPolicyName</key>
					<string>sslServer</string>`
export const BASIC_POLICY = `<key>kSecTrustSettingsPolicy</key>
					<data>
					KoZIhvdjZAEC
					</data>
					<key>kSecTrustSettingsPolicyName</key>
					<string>basicX509</string>`
export const result = (value: number): string =>
  `<key>kSecTrustSettingsResult</key>\n					<integer>${value}</integer>`
/** A certificate's list of settings; none at all trusts it as a root for everything. */
export const trustSettings = (...settings: string[]): string =>
  settings.length === 0
    ? '			<key>trustSettings</key>\n			<array/>'
    : `			<key>trustSettings</key>\n			<array>\n${settings.join('\n')}\n			</array>`
