export const id = 710;
export const ids = [710];
export const modules = {

/***/ 6710:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   macosTrustedRoots: () => (/* binding */ macosTrustedRoots)
/* harmony export */ });
/* unused harmony exports adminTlsTrust, readPlist */
/* harmony import */ var htmlparser2__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7895);
/* harmony import */ var _ca_bundle_system_store_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8005);


// The macOS keychains' roots as an administrator's trust settings make them, for a Node too old
// to read the system's store itself.
/**
 * The roots macOS trusts machine-wide: Apple's, and those in the System keychain that the
 * administrator's trust settings make roots for TLS, less those the administrator set to "Never
 * Trust". A certificate in that keychain without such a setting (a device identity, an
 * intermediate) stays out: listing a certificate in a bundle makes it a root. The user's own
 * keychain and settings are left out.
 */
function macosTrustedRoots(systemRootsPem, adminKeychainPem, adminTrustSettings) {
    const decisions = adminTlsTrust(adminTrustSettings);
    return [
        ...(0,_ca_bundle_system_store_js__WEBPACK_IMPORTED_MODULE_1__/* .pemCertificates */ .xC)(systemRootsPem).filter(pem => decisions.get((0,_ca_bundle_system_store_js__WEBPACK_IMPORTED_MODULE_1__/* .sha1Fingerprint */ .QP)(pem)) !== 'deny'),
        ...(0,_ca_bundle_system_store_js__WEBPACK_IMPORTED_MODULE_1__/* .pemCertificates */ .xC)(adminKeychainPem).filter(pem => decisions.get((0,_ca_bundle_system_store_js__WEBPACK_IMPORTED_MODULE_1__/* .sha1Fingerprint */ .QP)(pem)) === 'trust')
    ];
}
/** The SSL policy's object identifier, 1.2.840.113635.100.1.3, as a plist's base64 data. */
const SSL_POLICY_OID = 'KoZIhvdjZAED';
const RESULT_TRUST_ROOT = 1;
const RESULT_TRUST_AS_ROOT = 2;
const RESULT_DENY = 3;
/**
 * What the exported trust settings (`security trust-settings-export`) decide for TLS, by
 * certificate SHA-1, as Chromium and Node read them: an empty list of settings trusts as a root
 * for everything; else the first setting that applies to TLS and decides (trust as a root, or
 * deny) wins. A setting tied to one application or one host name, or to another policy, does not
 * apply. A certificate they decide nothing for is absent.
 */
function adminTlsTrust(plistXml) {
    const decisions = new Map();
    let root;
    try {
        root = readPlist(plistXml);
    }
    catch {
        return decisions;
    }
    const list = isDict(root) ? root.trustList : undefined;
    if (!isDict(list))
        return decisions;
    for (const [fingerprint, entry] of Object.entries(list)) {
        const settings = isDict(entry) ? entry.trustSettings : undefined;
        const decision = Array.isArray(settings) ? tlsTrust(settings) : undefined;
        if (decision)
            decisions.set(fingerprint.toUpperCase(), decision);
    }
    return decisions;
}
function tlsTrust(settings) {
    if (settings.length === 0)
        return 'trust';
    for (const setting of settings) {
        if (!isDict(setting) || !appliesToTls(setting))
            continue;
        const result = setting.kSecTrustSettingsResult ?? RESULT_TRUST_ROOT;
        if (result === RESULT_DENY)
            return 'deny';
        if (result === RESULT_TRUST_ROOT || result === RESULT_TRUST_AS_ROOT)
            return 'trust';
    }
    return undefined;
}
function appliesToTls(setting) {
    if ('kSecTrustSettingsApplication' in setting || 'kSecTrustSettingsPolicyString' in setting) {
        return false;
    }
    const oid = setting.kSecTrustSettingsPolicy;
    if (oid !== undefined)
        return oid === SSL_POLICY_OID;
    const name = setting.kSecTrustSettingsPolicyName;
    return name === undefined || name === 'sslServer';
}
function isDict(value) {
    return typeof value === 'object' && !Array.isArray(value);
}
function tagsIn(node) {
    return htmlparser2__WEBPACK_IMPORTED_MODULE_0__/* .DomUtils.getChildren */ .ED.getChildren(node).filter(htmlparser2__WEBPACK_IMPORTED_MODULE_0__/* .DomUtils.isTag */ .ED.isTag);
}
/**
 * An XML property list, as far as trust settings use it: dictionaries, arrays, keys, strings,
 * base64 data (spaces dropped), dates (as text), numbers and booleans. htmlparser2 reads the XML
 * (entities included); a document cut short, or a shape it does not know, throws: settings half
 * read must decide nothing.
 */
function readPlist(xml) {
    if (!xml.trimEnd().endsWith('</plist>'))
        throw new Error('the property list ends early');
    const plist = tagsIn((0,htmlparser2__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(xml, { xmlMode: true })).find(tag => tag.name === 'plist');
    const [top] = plist ? tagsIn(plist) : [];
    if (!top)
        throw new Error('no value in the property list');
    return plistValue(top);
}
function plistValue(tag) {
    switch (tag.name) {
        case 'dict': {
            const dict = {};
            const entries = tagsIn(tag);
            for (let index = 0; index < entries.length; index += 2) {
                const key = entries[index];
                const value = entries[index + 1];
                if (key.name !== 'key')
                    throw new Error(`a dictionary holds <${key.name}> where a key belongs`);
                const name = htmlparser2__WEBPACK_IMPORTED_MODULE_0__/* .DomUtils.textContent */ .ED.textContent(key);
                if (!value)
                    throw new Error(`the key ${name} has no value`);
                dict[name] = plistValue(value);
            }
            return dict;
        }
        case 'array':
            return tagsIn(tag).map(plistValue);
        case 'data':
            return htmlparser2__WEBPACK_IMPORTED_MODULE_0__/* .DomUtils.textContent */ .ED.textContent(tag).replace(/\s+/g, '');
        case 'integer':
        case 'real':
            return Number(htmlparser2__WEBPACK_IMPORTED_MODULE_0__/* .DomUtils.textContent */ .ED.textContent(tag));
        case 'true':
        case 'false':
            return tag.name === 'true';
        case 'string':
        case 'date':
            return htmlparser2__WEBPACK_IMPORTED_MODULE_0__/* .DomUtils.textContent */ .ED.textContent(tag);
        default:
            throw new Error(`<${tag.name}> in a property list`);
    }
}


/***/ })

};
