// Captured from the emulator (same shape as OSS, oss-server.md 3.1): a browser-added Content-Type.
export const SIGNATURE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><RequestId>FD3F45522DF9AE602995483E</RequestId><HostId>127.0.0.1:35541</HostId><OSSAccessKeyId>ak-test</OSSAccessKeyId><SignatureProvided>f003e57cb767a0fa70b1bc78f6cc2212096b48cbb7a61b4d9118a97f621f20f0</SignatureProvided><StringToSign>OSS4-HMAC-SHA256
20261125T162614Z
20261125/cn-hangzhou/oss/aliyun_v4_request
11e65b6b825136deb0d1986124a3a2e5360824a4375902827babcf600d3fcceb</StringToSign><CanonicalRequest>PUT
/demo/k.txt
x-oss-credential=ak-test%2F20261125%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&amp;x-oss-date=20261125T162614Z&amp;x-oss-expires=900&amp;x-oss-signature-version=OSS4-HMAC-SHA256
content-type:image/png


UNSIGNED-PAYLOAD</CanonicalRequest><EC>0002-00000201</EC><RecommendDoc>https://api.aliyun.com/troubleshoot?q=0002-00000201</RecommendDoc></Error>`;
