/** Approval (REQUIRE_CONFIRMATION) through pattern A's real handler, sessions and bookings in DynamoDB (dynalite). */
import { expect, it } from 'vitest';
import { approvalInDynamo } from '../../../shared/runtime/test/approval-harness';
import { buildPatternA } from '../src/pattern';

approvalInDynamo('a', buildPatternA, { it, expect });
