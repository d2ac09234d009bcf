/*
 * ops_messages.h: user-visible sentences added for the directory's own
 * password policy, kept together so they can move into the message
 * catalogue as they are.
 */
#ifndef POSTINO_PWCHANGE_OPS_MESSAGES_H
#define POSTINO_PWCHANGE_OPS_MESSAGES_H

/* passwordTooShort; %ld is the directory's pwdMinLength, when it can be read */
#define OPS_MSG_DIR_TOO_SHORT_N                                                                    \
	"The directory refused the new password because it is too short: its policy "              \
	"requires at least %ld characters."
#define OPS_MSG_DIR_TOO_SHORT                                                                      \
	"The directory refused the new password because it is too short. Choose a longer one."
/* insufficientPasswordQuality */
#define OPS_MSG_DIR_QUALITY                                                                        \
	"The directory refused the new password because it does not meet its quality rules "       \
	"(for example, it is too simple or too close to your name). Choose a different one."
/* mustSupplyOldPassword */
#define OPS_MSG_DIR_OLD_NEEDED                                                                     \
	"The directory wants the current password with the change and did not accept it. "         \
	"Check the current password and try again."
/* Directory rules shown on the page; %ld is a number */
#define OPS_MSG_RULE_MIN_LENGTH "The directory requires at least %ld characters."
#define OPS_MSG_RULE_HISTORY    "The directory refuses your last %ld passwords."
#define OPS_MSG_RULE_MIN_AGE    "The directory allows one change every %ld minutes."
#define OPS_MSG_RULE_QUALITY    "The directory also checks the quality of the new password."

#endif
