import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	encodePostPolicy,
	signPostPolicyV1,
	signPostPolicyV4,
} from "../src/index.js";
import { nobleCrypto, nodeCrypto } from "../src/signer/crypto.js";
import { createSigningKeyCache } from "../src/signer/signing-key.js";

// ali-oss@6.23.0's calculatePostSignature (V1) and signPostObjectPolicyV4 (V4) are an independent
// implementation of the same two rules: the tests below must agree with them on random inputs.
const require = createRequire(import.meta.url);
const OSS = require("ali-oss") as new (
	options: Record<string, unknown>,
) => {
	calculatePostSignature(policy: object | string): {
		OSSAccessKeyId: string;
		Signature: string;
		policy: string;
	};
	signPostObjectPolicyV4(policy: object | string, date: Date): string;
};

const secret = "ExampleSecret+/=0123456789abcdEF";
const text = fc.string({ unit: "grapheme", maxLength: 40 });
const condition = fc.oneof(
	fc.tuple(
		fc.constantFrom("eq", "starts-with"),
		text.map((name) => `$${name}`),
		text,
	),
	fc.tuple(fc.constant("content-length-range"), fc.nat(), fc.nat()),
	fc.tuple(
		fc.constantFrom("in", "not-in"),
		text.map((name) => `$${name}`),
		fc.array(text, { maxLength: 3 }),
	),
	fc.dictionary(text, text, { minKeys: 1, maxKeys: 1 }),
);
const policy = fc.record({
	expiration: fc
		.date({
			noInvalidDate: true,
			min: new Date("2000-01-01"),
			max: new Date("2099-12-31"),
		})
		.map((date) => date.toISOString()),
	conditions: fc.array(condition, { maxLength: 6 }),
});

describe("encodePostPolicy", () => {
	it("is base64 of the UTF-8 JSON, and keeps a JSON text as given", () => {
		const document = {
			expiration: "2024-01-01T12:00:00.000Z",
			conditions: [["starts-with", "$key", "user/中文/"]],
		};
		expect(
			Buffer.from(encodePostPolicy(document), "base64").toString("utf8"),
		).toBe(JSON.stringify(document));
		const spaced =
			'{ "expiration": "2024-01-01T12:00:00.000Z", "conditions": [] }';
		expect(encodePostPolicy(spaced)).toBe(
			Buffer.from(spaced, "utf8").toString("base64"),
		);
	});

	it("agrees with ali-oss on random policies (including non-ASCII text)", () => {
		const client = new OSS({
			accessKeyId: "ak",
			accessKeySecret: secret,
			region: "oss-cn-hangzhou",
		});
		fc.assert(
			fc.property(policy, (document) => {
				expect(encodePostPolicy(document)).toBe(
					client.calculatePostSignature(document).policy,
				);
			}),
			{ numRuns: 200 },
		);
	});
});

describe("signPostPolicyV1", () => {
	it("is base64 HMAC-SHA1 of the base64 policy under the secret (node:crypto as the reference)", () => {
		const encoded = encodePostPolicy({
			expiration: "2014-12-01T12:00:00.000Z",
			conditions: [["content-length-range", 0, 1048576000]],
		});
		const expected = createHmac("sha1", secret)
			.update(encoded)
			.digest("base64");
		expect(signPostPolicyV1({ policy: encoded, accessKeySecret: secret })).toBe(
			expected,
		);
		expect(
			signPostPolicyV1({
				policy: encoded,
				accessKeySecret: secret,
				crypto: nobleCrypto,
			}),
		).toBe(expected);
	});

	it("agrees with ali-oss's calculatePostSignature on random policies and secrets", () => {
		fc.assert(
			// ali-oss trims the secret it is given: secrets here have no surrounding white space.
			fc.property(
				policy,
				fc
					.string({ minLength: 1, maxLength: 40 })
					.filter((s) => s.trim() === s && s !== ""),
				(document, key) => {
					const client = new OSS({
						accessKeyId: "ak",
						accessKeySecret: key,
						region: "oss-cn-hangzhou",
					});
					const theirs = client.calculatePostSignature(document);
					expect(
						signPostPolicyV1({
							policy: encodePostPolicy(document),
							accessKeySecret: key,
						}),
					).toBe(theirs.Signature);
				},
			),
			{ numRuns: 200 },
		);
	});
});

describe("signPostPolicyV4", () => {
	it("is hex HMAC-SHA256 of the base64 policy under the derived V4 key (node:crypto chain as the reference)", () => {
		const encoded = encodePostPolicy({
			expiration: "2023-12-03T13:00:00.000Z",
			conditions: [{ bucket: "examplebucket" }],
		});
		const hmac = (key: Buffer | string, data: string) =>
			createHmac("sha256", key).update(data).digest();
		const signingKey = hmac(
			hmac(hmac(hmac(`aliyun_v4${secret}`, "20231203"), "cn-hangzhou"), "oss"),
			"aliyun_v4_request",
		);
		const expected = createHmac("sha256", signingKey)
			.update(encoded)
			.digest("hex");
		const input = {
			policy: encoded,
			accessKeySecret: secret,
			date: "20231203",
			region: "cn-hangzhou",
		};
		expect(signPostPolicyV4(input)).toBe(expected);
		expect(
			signPostPolicyV4({
				...input,
				crypto: nobleCrypto,
				signingKeyCache: createSigningKeyCache(1),
			}),
		).toBe(expected);
		expect(signPostPolicyV4({ ...input, crypto: nodeCrypto })).toBe(expected);
		expect(signPostPolicyV4({ ...input, region: "cn-beijing" })).not.toBe(
			expected,
		);
	});

	it("agrees with ali-oss's signPostObjectPolicyV4 on random policies, days and regions", () => {
		const region = fc.constantFrom(
			"cn-hangzhou",
			"cn-shanghai",
			"ap-southeast-1",
			"us-west-1",
		);
		const day = fc.date({
			noInvalidDate: true,
			min: new Date("2000-01-01"),
			max: new Date("2099-12-31"),
		});
		fc.assert(
			fc.property(policy, region, day, (document, regionId, date) => {
				const client = new OSS({
					accessKeyId: "ak",
					accessKeySecret: secret,
					region: `oss-${regionId}`,
				});
				const yyyymmdd = date.toISOString().slice(0, 10).replaceAll("-", "");
				const ours = signPostPolicyV4({
					policy: encodePostPolicy(document),
					accessKeySecret: secret,
					date: yyyymmdd,
					region: regionId,
				});
				expect(ours).toBe(client.signPostObjectPolicyV4(document, date));
			}),
			{ numRuns: 200 },
		);
	});
});
