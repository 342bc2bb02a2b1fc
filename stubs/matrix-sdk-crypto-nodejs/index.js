'use strict';
// Every member throws: the binding is only used for end-to-end encryption, which Doorman does not support.
const unavailable = () => {
  throw new Error('end-to-end encryption is not available in Doorman (encrypted Matrix rooms are not supported)');
};
module.exports = new Proxy({}, { get: (_target, name) => (name === '__esModule' ? false : unavailable) });
