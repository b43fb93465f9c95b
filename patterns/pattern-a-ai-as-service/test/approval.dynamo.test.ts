/** Approval (REQUIRE_CONFIRMATION) through pattern A's real handler, sessions and bookings in DynamoDB (dynalite). */
import { expect, it } from 'vitest';
import { approvalInDynamo } from '../../../shared/runtime/test/approval-harness';
import { build as buildPatternA } from '../src/handler';

approvalInDynamo('a', buildPatternA, { it, expect });
