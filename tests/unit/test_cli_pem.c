/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_cli_pem.c: reading a certificate's subject for "postinoctl cert map
 * --pem". The certificates were made once with the openssl command line
 * (an oracle independent of postinoctl) and pasted here:
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
 *     -days 36500 -subj '/C=IT/O=Example/OU=People/CN=Zo\u00eb Doe, Jr.\+x' -utf8
 * ("openssl x509 -noout -subject -nameopt RFC2253,-esc_msb" prints
 * CN=Zo\u00eb Doe\, Jr.\+x,OU=People,O=Example,C=IT), and one that expired on
 * 2 January 2020, signed with "openssl ca -startdate/-enddate".
 */
#include <string.h>

#include "../../cli/cli_pem.h"
#include "dn_norm.h"
#include "t.h"
#include "xalloc.h"

static const char zoe_pem[] = "-----BEGIN CERTIFICATE-----\n"
                              "MIIB6jCCAZGgAwIBAgIUZfHSrbBaYG07E7m8wfLWKafw6pUwCgYIKoZIzj0EAwIw\n"
                              "SjELMAkGA1UEBhMCSVQxEDAOBgNVBAoMB0V4YW1wbGUxDzANBgNVBAsMBlBlb3Bs\n"
                              "ZTEYMBYGA1UEAwwPWm/DqyBEb2UsIEpyLit4MCAXDTI2MTEyMzE2MTYxN1oYDzIx\n"
                              "MjYxMDMwMTYxNjE3WjBKMQswCQYDVQQGEwJJVDEQMA4GA1UECgwHRXhhbXBsZTEP\n"
                              "MA0GA1UECwwGUGVvcGxlMRgwFgYDVQQDDA9ab8OrIERvZSwgSnIuK3gwWTATBgcq\n"
                              "hkjOPQIBBggqhkjOPQMBBwNCAASYAxMOYNni2R1tbk+lS3aMQ8yflki767u5BXqq\n"
                              "a0aU+VDE6XyHRPYs3RLPE9pBZgvVSZvNIouAoa8PEqqtUwR+o1MwUTAdBgNVHQ4E\n"
                              "FgQUK6C6JFE8NwzTDk24T2Kl+Sib1u4wHwYDVR0jBBgwFoAUK6C6JFE8NwzTDk24\n"
                              "T2Kl+Sib1u4wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiA+eRa9\n"
                              "aV1lM7T6uNWs118mH/ajZR39jWrGe1zQDSLpswIgeywgW3CDb9FiIVxJkvrz32Qn\n"
                              "UdenX+NjZx7PeZhQ0fE=\n"
                              "-----END CERTIFICATE-----\n";

static const char expired_pem[] =
        "-----BEGIN CERTIFICATE-----\n"
        "MIIBGzCBwgIBATAKBggqhkjOPQQDAjAaMRgwFgYDVQQDDA9FeHBpcmVkIEV4YW1w\n"
        "bGUwHhcNMjAwMTAxMDAwMDAwWhcNMjAwMTAyMDAwMDAwWjAaMRgwFgYDVQQDDA9F\n"
        "eHBpcmVkIEV4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAR03SHMAwkY\n"
        "b70hGKvn71RDFfbvQLCwbrJ5l0BZrFdkbt7hX+lWxcJauGB0CdngU7hUybaQXDvF\n"
        "gy9R6Qarp8jmMAoGCCqGSM49BAMCA0gAMEUCIQDgYTZy1LDaZNOMBx7F7sIrQ+G9\n"
        "VY4Wc6TTcEMaevAmoQIgLG38+q0jeI8qKw2QLfSqW2BlaxRHoH6OoJ36aZnOUYk=\n"
        "-----END CERTIFICATE-----\n";

/* Made the same way with -startdate 21000101000000Z -enddate 21010101000000Z. */
static const char future_pem[] =
        "-----BEGIN CERTIFICATE-----\n"
        "MIIBHTCBxAIBATAKBggqhkjOPQQDAjAZMRcwFQYDVQQDDA5GdXR1cmUgRXhhbXBs\n"
        "ZTAiGA8yMTAwMDEwMTAwMDAwMFoYDzIxMDEwMTAxMDAwMDAwWjAZMRcwFQYDVQQD\n"
        "DA5GdXR1cmUgRXhhbXBsZTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABEjF2OQ/\n"
        "M4hFxf9/zcIRwWt2usN8tPvTW82V0J3u1Gb1XxiZeLSu3Sb2fFl6fPBTmPQJxwi6\n"
        "RH6Juo1d3PXRqmUwCgYIKoZIzj0EAwIDSAAwRQIhAKnxzK8JlMgWNfMGl32MazqX\n"
        "WuOg/Au/QO/pgE8ChFXzAiBkiekZvOTAFwcGVNrZlDV3GAecVL8IJ4eLQ2QrSupm\n"
        "2A==\n"
        "-----END CERTIFICATE-----\n";

static const char key_pem[] = "-----BEGIN PRIVATE KEY-----\n"
                              "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgLeCP3tcQNS3Wi03Q\n"
                              "GUDINS/psUwcIWTpD0c1VZ1JM0OhRANCAASYAxMOYNni2R1tbk+lS3aMQ8yflki7\n"
                              "67u5BXqqa0aU+VDE6XyHRPYs3RLPE9pBZgvVSZvNIouAoa8PEqqtUwR+\n"
                              "-----END PRIVATE KEY-----\n";

int
main(void)
{
	char *subject = NULL, *err = NULL, *norm = NULL;
	int expired = -1;
	char two[sizeof(zoe_pem) + sizeof(expired_pem)];

	T_CHECK(cli_pem_subject_mem(zoe_pem, strlen(zoe_pem), &subject, &expired, &err) == PST_OK,
	        "a certificate is read");
	T_STREQ(subject, "CN=Zo\xc3\xab Doe\\, Jr.\\+x,OU=People,O=Example,C=IT",
	        "RFC 4514 order and escapes, UTF-8 kept (as openssl prints it)");
	T_CHECK(expired == CLI_PEM_VALID, "valid until 2126");
	T_CHECK(subject != NULL && dn_normalize(subject, strlen(subject), &norm) == PST_OK,
	        "the subject normalizes");
	T_STREQ(norm, "CN=Zo\xc3\xab Doe\\, Jr.\\+x,OU=People,O=Example,C=IT",
	        "its normal form is the same string");
	xfree(&norm);
	xfree(&subject);

	T_CHECK(cli_pem_subject_mem(expired_pem, strlen(expired_pem), &subject, &expired, &err) ==
	                PST_OK,
	        "an expired certificate is still read");
	T_STREQ(subject, "CN=Expired Example", "its subject");
	T_CHECK(expired == CLI_PEM_EXPIRED, "and flagged as expired");
	xfree(&subject);

	T_CHECK(cli_pem_subject_mem(future_pem, strlen(future_pem), &subject, &expired, &err) ==
	                PST_OK,
	        "a certificate valid from 2100 is read");
	T_STREQ(subject, "CN=Future Example", "its subject");
	T_CHECK(expired == CLI_PEM_NOT_YET_VALID, "and flagged as not valid yet");
	xfree(&subject);

	/* Only the first certificate of a file counts. */
	snprintf(two, sizeof(two), "%s%s", expired_pem, zoe_pem);
	T_CHECK(cli_pem_subject_mem(two, strlen(two), &subject, &expired, &err) == PST_OK,
	        "a chain file is read");
	T_STREQ(subject, "CN=Expired Example", "the first certificate wins");
	xfree(&subject);

	T_CHECK(cli_pem_subject_mem(key_pem, strlen(key_pem), &subject, &expired, &err) ==
	                PST_PERMFAIL,
	        "a private key is not a certificate");
	T_CHECK(err != NULL && strstr(err, "not a PEM certificate") != NULL, "and says so");
	T_CHECK(subject == NULL, "no subject");
	xfree(&err);
	T_CHECK(cli_pem_subject_mem("garbage", 7, &subject, &expired, &err) == PST_PERMFAIL,
	        "garbage is refused");
	xfree(&err);
	T_CHECK(cli_pem_subject_mem(zoe_pem, strlen(zoe_pem) / 2, &subject, &expired, &err) ==
	                PST_PERMFAIL,
	        "a truncated certificate is refused");
	xfree(&err);
	T_CHECK(cli_pem_subject("/nonexistent/cert.pem", &subject, &expired, &err) ==
	                        PST_PERMFAIL &&
	                err != NULL && strstr(err, "/nonexistent/cert.pem") != NULL,
	        "a missing file is refused, naming it");
	xfree(&err);
	return t_done("test_cli_pem");
}
